// Types for activity-capture's public JS API (classic global and ES module alike).

/** Purposes the SDK defines; the host supplies the words shown to the person. */
export type Purpose = 'interaction' | 'typing' | 'pointer' | 'navigation';

/** The text shown to the person for a purpose, or the text and a shorter retention. */
export type PurposeText = string | { text: string; retentionDays?: number };

/** Options for `ActivityCapture.init`. Unknown options are refused. */
export interface InitOptions {
  /** The collector's base URL: https:// (http:// only for localhost). */
  endpoint: string;
  /** The application's name: 1 to 63 of a-z, 0-9 and -. */
  app: string;
  /** The app's public, write-only ingest key. */
  ingestKey: string;
  /** The purposes asked for, each with the plain-language text shown to the person. */
  purposes: Partial<Record<Purpose, PurposeText>>;
  /** Window length in minutes, 1 to 1440, dividing a day. Default 15. */
  windowMinutes?: number;
  /** Route templates such as "/tickets/:id", tried first when templating the current path. */
  routes?: string[];
  /** Extra route words (lower-case letters and dashes) kept as they are in routes. */
  routeWords?: string[];
  /** Treat the fragment as the route (hash-routed apps). Default false. */
  hashRouting?: boolean;
  /** Attributes element labels may come from. Default ["data-ac-label"]. */
  labelFrom?: Array<'data-ac-label' | 'aria-label' | 'title'>;
  /** Show the SDK's own consent dialog when consent is needed. Default true. */
  dialog?: boolean;
  /** Accept script-made (untrusted) events: tests and benchmarks only. Default false. */
  acceptUntrusted?: boolean;
  /** Console diagnostics. Default false. */
  debug?: boolean;
}

/** The handle `init` resolves to. */
export interface Handle {
  readonly app: string;
  readonly policyHash: string;
  readonly purposes: Purpose[];
  readonly stopped: boolean;
  /** Removes every listener and timer; `init` may then run again. */
  stop(): void;
}

/** The error `init` rejects with for a bad option; `option` names it (e.g. "purposes.typing"). */
export interface OptionError extends Error {
  name: 'ActivityCaptureOptionError';
  option: string;
}

export interface ActivityCaptureApi {
  readonly version: string;
  /** Validates options and starts the SDK; rejects with an OptionError naming a bad option. */
  init(options: InitOptions): Promise<Handle>;
  /** Listeners the SDK has attached right now (zero until something is granted). */
  activeListeners(): number;
}

export declare const ActivityCapture: ActivityCaptureApi;
export default ActivityCapture;

declare global {
  interface Window {
    ActivityCapture: ActivityCaptureApi;
  }
}
