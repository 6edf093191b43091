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
};

ActivityCapture.init(options).then(
  (h: Handle) => {
    const hash: string = h.policyHash;
    h.stop();
    return hash;
  },
  (e: OptionError) => e.option,
);

// @ts-expect-error unknown purposes are refused by the types too
const bad: InitOptions = { endpoint: 'x', app: 'a', ingestKey: 'k', purposes: { keylogger: 'x' } };
void bad;
window.ActivityCapture.activeListeners();
