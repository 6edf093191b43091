// Type-checks the published declarations against how hosts use them (tsc --noEmit).
import { ActivityCapture, type Handle, type InitOptions, type OptionError } from '../../pkg/activity-capture.mjs';

const options: InitOptions = {
  endpoint: 'https://collector.internal',
  app: 'ticket-desk',
  ingestKey: 'ik_live_0123456789',
  purposes: { interaction: 'Which screens are slow', typing: { text: 'Form effort', retentionDays: 3 } },
  windowMinutes: 15,
  routes: ['/tickets/:id'],
  labelFrom: ['data-ac-label'],
  onConsentChange: () => {},
  onSend: (r) => void r.bytes,
  texts: { title: 'Darf dieses Werkzeug messen, wie es benutzt wird?' },
  panel: true,
  wasmUrl: 'https://collector.internal/sdk/activity_capture_bg.wasm',
};

// Calls on the global wait for init, in order (also through the loading snippet).
void ActivityCapture.pause().then((nothing: void) => nothing);
void ActivityCapture.setConsent({ typing: false }).then((s) => s.typing);

ActivityCapture.init(options).then(
  (h: Handle) => {
    const hash: string = h.policyHash;
    const state = h.setConsent({ typing: true, pointer: false });
    const typing: 'pending' | 'denied' | 'granted' | undefined = state.typing;
    const body: string = h.pending();
    h.flush();
    h.pause();
    h.resume();
    void h.exportMine().then((r) => r.rows.length);
    void h.showPanel();
    void h.forget();
    void h.sentLog().length;
    h.stop();
    return [hash, typing, body, h.consent().interaction, h.pendingCount];
  },
  (e: OptionError) => e.option,
);

// Calls on the global wait for init, in order (also through the loading snippet).
void ActivityCapture.pause().then((nothing: void) => nothing);
void ActivityCapture.setConsent({ typing: false }).then((s) => s.typing);
// @ts-expect-error the global's calls take the handle's arguments
void ActivityCapture.setConsent({ typing: 'yes' });

// @ts-expect-error consent values are booleans
ActivityCapture.init(options).then((h) => h.setConsent({ typing: 'yes' }));

// @ts-expect-error unknown purposes are refused by the types too
const bad: InitOptions = { endpoint: 'x', app: 'a', ingestKey: 'k', purposes: { keylogger: 'x' } };
void bad;
window.ActivityCapture.activeListeners();
