// The getting-started walkthrough ("Get started with Hero Flows"): package.json's
// `contributes.walkthroughs` is exactly walkthroughsContribution() (test/client/manifest.test.ts).
// Steps that a command finishes complete on `onCommand:`; the others on the context keys of
// WALKTHROUGH_CONTEXT, set by markWalkthroughStep (walkthroughProgress.ts). Each step's media is a
// file shipped in the .vsix (package.json `files`); test/client/walkthrough.test.ts checks that every
// file, link and command named here exists. No `vscode` import.

import { WALKTHROUGH_CONTEXT } from '../contextKeys';

export const WALKTHROUGH_ID = 'heroFlows.gettingStarted';

/** The SDK commands (built on branch i12-sdk): named here by id. */
const INSTALL_SDK = 'heroFlows.installSdk';
const BUNDLED_SDK = 'heroFlows.useBundledSdkForAnalysis';

type Media = { markdown: string } | { image: string; altText: string };

interface Step {
  id: string;
  title: string;
  description: string;
  media: Media;
  completionEvents: string[];
}

const onContext = (key: keyof typeof WALKTHROUGH_CONTEXT) => `onContext:${WALKTHROUGH_CONTEXT[key]}`;

const STEPS: Step[] = [
  {
    id: 'installSdk',
    title: 'Install the SDK',
    description:
      'Flows import the SDK, hero_tracing (standard library only, Python 3.9+). Plays the extension runs get its bundled copy on their own; install it into your interpreter so flows also run with plain python3, or let the editor analyse your flows with the bundled copy.\n' +
      `[Install SDK into Interpreter](command:${INSTALL_SDK})\n[Use Bundled SDK for Analysis](command:${BUNDLED_SDK})`,
    media: { markdown: 'media/walkthrough/install-sdk.md' },
    completionEvents: [`onCommand:${INSTALL_SDK}`, `onCommand:${BUNDLED_SDK}`],
  },
  {
    id: 'newFlow',
    title: 'Create your first flow',
    description:
      'A flow is a Python function decorated with @flow, made of with flow.step(…) blocks. **New Flow…** writes one with an input, a step and an output into your folder (also in the Explorer\'s right-click menu on a folder).\n' +
      '[New Flow…](command:heroFlows.newFlow)',
    media: { markdown: 'media/walkthrough/new-flow.md' },
    completionEvents: [onContext('flowCreated')],
  },
  {
    id: 'runFlow',
    title: 'Run it from the gutter',
    description:
      'Click the ▶ beside @flow (or run it from the Testing view), answer the input form, and the play runs with the bundled runtime. Running executes your code, so the workspace must be trusted.\n' +
      '[Run Flow…](command:heroFlows.runFlow)',
    media: { markdown: 'media/walkthrough/run-flow.md' },
    completionEvents: [onContext('playFinished')],
  },
  {
    id: 'openTrace',
    title: 'Open its trace',
    description:
      'Every run is a play; its spans form a tree. A run from the ▶ opens its trace beside the code as it starts, and the editor keeps the focus. Any play opens again from the **Plays** view in the Hero Flows side bar, or with **Open Trace** on the ▶\'s right-click menu.\n' +
      '[Open Trace…](command:heroFlows.openTrace)',
    media: { image: 'docs/trace-panel-scenario.png', altText: 'The trace panel after a run: the play\'s span tree, with the clicked step\'s line selected in the editor beside it' },
    completionEvents: [onContext('tracePanelOpened')],
  },
  {
    id: 'clickSpan',
    title: 'Click a span',
    description: 'Click a step\'s row in the trace panel: the panel shows its details and its line opens in the editor beside the panel. Filter the tree by name, or show only the failed spans.',
    media: { markdown: 'media/walkthrough/click-span.md' },
    completionEvents: [onContext('spanSourceOpened')],
  },
];

export function walkthroughsContribution(): object[] {
  return [
    {
      id: WALKTHROUGH_ID,
      title: 'Get started with Hero Flows',
      description: 'Write a Python flow, run it from the gutter, and see what it did in its trace.',
      steps: STEPS,
    },
  ];
}

/** Every file the walkthrough shows: the .vsix ships each (test/package/vsix.test.ts). */
export function walkthroughMedia(): string[] {
  return STEPS.map((step) => ('markdown' in step.media ? step.media.markdown : step.media.image));
}
