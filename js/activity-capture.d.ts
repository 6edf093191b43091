// Types for activity-capture's public JS API (classic global and ES module alike).

/** Purposes the SDK defines; the host supplies the words shown to the person. */
export type Purpose = 'interaction' | 'typing' | 'pointer' | 'navigation';

/** The text shown to the person for a purpose, or the text and a shorter retention. */
export type PurposeText = string | { text: string; retentionDays?: number };

/** Keys of the dialog's, launcher's and panel's words that `texts` may replace (README: Words the person sees). */
export type TextKey =
  | 'title'
  | 'changeTitle'
  | 'intro'
  | 'refuse'
  | 'allowSelected'
  | 'allowAll'
  | 'panelButton'
  | 'panelTitle'
  | 'close'
  | 'pause'
  | 'resume'
  | 'changeConsent'
  | 'export'
  | 'forget'
  | 'forgetConfirm'
  | 'statusOn'
  | 'statusPaused'
  | 'statusOff'
  | 'next'
  | 'sent'
  | 'held'
  | 'nextEmpty'
  | 'sentEmpty'
  | 'heldEmpty'
  | 'asking'
  | 'askFailed'
  | 'count'
  | 'more'
  | 'window'
  | 'envelope'
  | 'what'
  | 'value'
  | 'zeros'
  | 'json'
  | 'interaction'
  | 'typing'
  | 'pointer'
  | 'navigation'
  | 'clicks'
  | 'submits'
  | 'focus_changes'
  | 'copies'
  | 'cuts'
  | 'pastes'
  | 'private'
  | 'active_s'
  | 'scroll_depth'
  | 'targets'
  | 'keys.character'
  | 'keys.edit'
  | 'keys.navigation'
  | 'keys.modifier'
  | 'keys.shortcut'
  | 'inputs.insert'
  | 'inputs.delete'
  | 'inputs.paste'
  | 'inputs.history'
  | 'inputs.format'
  | 'inputs.other'
  | 'distance_px'
  | 'page_views'
  | 'route_changes'
  | 'hides'
  | 'visible_s';

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
  /** Called (with no argument) when consent changed: never says what was chosen. */
  onConsentChange?: () => void;
  /** Called after each send with counts and sizes only. */
  onSend?: (report: { summaries: number; bytes: number; delivered: number; refused: number }) => void;
  /** Replacement words for the SDK's dialog and panel, by key; known keys only, ≤ 300 characters. */
  texts?: Partial<Record<TextKey, string>>;
  /** Add a small "Your data" launcher for the transparency panel. Default false. */
  panel?: boolean;
  /** Where to fetch activity_capture_bg.wasm (http(s) URL or path); default beside the script.
   * E.g. the collector's `/sdk/` when the page's CSP allows requests only to the collector. */
  wasmUrl?: string;
}

/** A purpose's state for this person. */
export type ConsentState = 'pending' | 'denied' | 'granted';

/** The handle `init` resolves to. */
export interface Handle {
  readonly app: string;
  /** Hash of the consent policy (purposes, texts, retention, endpoint); a change asks again. */
  readonly policyHash: string;
  readonly purposes: Purpose[];
  /** Whether the browser sends Global Privacy Control or Do Not Track. */
  readonly privacySignal: boolean;
  readonly paused: boolean;
  /** Summaries waiting in the outbox. */
  readonly pendingCount: number;
  readonly stopped: boolean;
  /** Each requested purpose's state. */
  consent(): Partial<Record<Purpose, ConsentState>>;
  /** Records the person's choices (from the host's own consent UI). Throws a ConsentError naming a
   *  bad key; under Global Privacy Control it can deny but not grant. Returns the new state. */
  setConsent(choices: Partial<Record<Purpose, boolean>>): Partial<Record<Purpose, ConsentState>>;
  /** The exact body of the next request to the collector ("" when nothing is pending). */
  pending(): string;
  /** Closes open windows and sends what is pending now. */
  flush(): void;
  /** Stops capturing and sending until resume(); a paused period captures nothing. */
  pause(): void;
  resume(): void;
  /** What the collector holds about this person (their own rows only). */
  exportMine(): Promise<{ rows: unknown[] }>;
  /** Opens the SDK's own consent dialog (e.g. from a "privacy settings" link); its code is loaded on first use. */
  showConsentDialog(): Promise<void>;
  /** Opens the transparency panel (loaded on first use): pending, recently sent, held by the collector. */
  showPanel(): Promise<void>;
  /** Summaries the collector acknowledged recently (kept locally, at most 7 days / 200). */
  sentLog(): unknown[];
  /** Deletes this person's rows at the collector, then rotates this app's device secret and clears this app's local data. */
  forget(): Promise<unknown>;
  /** Removes every listener and timer; `init` may then run again. */
  stop(): void;
}

/** The error `setConsent` throws for a bad key or a refused grant. */
export interface ConsentError extends Error {
  name: 'ActivityCaptureConsentError';
  key?: string;
}

/** The error `init` rejects with for a bad option; `option` names it (e.g. "purposes.typing"). */
export interface OptionError extends Error {
  name: 'ActivityCaptureOptionError';
  option: string;
}

/** The error every call rejects with when the SDK's script or WebAssembly could not be loaded
 * (reported once on the console; these rejections are marked handled). */
export interface LoadError extends Error {
  name: 'ActivityCaptureLoadError';
}

/** Handle methods callable on the global: each waits for `init` (and for the calls made before
 * it, in order) and settles with the method's result. The loading snippet offers the same. */
type Queued<K extends keyof Handle> = Handle[K] extends (...args: infer A) => infer R
  ? (...args: A) => Promise<Awaited<R>>
  : never;

export interface ActivityCaptureApi {
  readonly version: string;
  /** Validates options and starts the SDK; rejects with an OptionError naming a bad option. */
  init(options: InitOptions): Promise<Handle>;
  /** Listeners the SDK has attached right now (zero until something is granted). */
  activeListeners(): number;
  setConsent: Queued<'setConsent'>;
  pause: Queued<'pause'>;
  resume: Queued<'resume'>;
  flush: Queued<'flush'>;
  showConsentDialog: Queued<'showConsentDialog'>;
  showPanel: Queued<'showPanel'>;
  exportMine: Queued<'exportMine'>;
  forget: Queued<'forget'>;
  stop: Queued<'stop'>;
}

export declare const ActivityCapture: ActivityCaptureApi;
export default ActivityCapture;

declare global {
  interface Window {
    ActivityCapture: ActivityCaptureApi;
  }
}
