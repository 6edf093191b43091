// activity-capture, ES module build: `import { ActivityCapture } from '.../activity-capture.mjs'`.
import loadWasm, * as raw from './activity-capture.glue.mjs';
/*__FACADE__*/
let loading = null;
// One load at a time; a failed one may be tried again by a later init.
const load = (url) =>
  (loading = loading || loadWasm({ module_or_path: url ? new URL(url, location.href) : new URL('activity_capture_bg.wasm', import.meta.url) })
    .catch((e) => { loading = null; throw e; }));
export const ActivityCapture = makeActivityCapture(load, () => raw, (ui) =>
  // Literal specifiers, so bundlers split the optional UI into chunks of its own.
  ui === 'dialog' ? import('./activity-capture-dialog.mjs') : import('./activity-capture-panel.mjs'));
export default ActivityCapture;
