// activity-capture, ES module build: `import { ActivityCapture } from '.../activity-capture.mjs'`.
import loadWasm, * as raw from './activity-capture.glue.mjs';
/*__FACADE__*/
let loading = null;
const load = () =>
  (loading = loading || loadWasm({ module_or_path: new URL('activity_capture_bg.wasm', import.meta.url) }));
export const ActivityCapture = makeActivityCapture(load, () => raw, new URL('activity-capture-panel.mjs', import.meta.url).href);
export default ActivityCapture;
