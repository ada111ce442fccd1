// Preloaded (NODE_OPTIONS=--require) into the Prisma CLI only. The WASM schema engine arms 10–60 s
// timers and the CLI waits for them before exiting; unref them so `migrate deploy` exits at once.
const originalSetTimeout = global.setTimeout;
global.setTimeout = function patchedSetTimeout(fn, ms, ...rest) {
  const timer = originalSetTimeout(fn, ms, ...rest);
  if (typeof ms === "number" && ms >= 5000 && /wasm:\/\//.test(new Error().stack || "")) {
    timer.unref?.();
  }
  return timer;
};
