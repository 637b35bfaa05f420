import { resolve } from 'node:path';
import { DEFAULT_STORE_DIR, PlayStore } from '../../runtime/src/store';

/** --store DIR, else $HERO_FLOWS_STORE, else .hero in the current directory. */
export function storeFrom(option: string | undefined): PlayStore {
  return new PlayStore(resolve(option ?? process.env.HERO_FLOWS_STORE ?? DEFAULT_STORE_DIR));
}
