// Opts in by loading the SDK itself, with the same options: the person's answer stored by the
// parent (same origin, same policy) applies here too.
window.acReady = ActivityCapture.init(window.fixtureOptions());
