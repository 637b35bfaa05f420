// Types of the generated validator (ajv standalone code): see ../buildMetaSchemaValidator.ts.
import type { ValidateFunction } from 'ajv';

declare const validate: ValidateFunction;
export = validate;
