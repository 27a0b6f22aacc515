/**
 * How the desktop extension starts its language server process (dist/server.js under Node).
 *
 * A young generation of at most 4 MB a half, where V8 grows it to 16 MB: the server's garbage is
 * short-lived (a file's text and parse while it is indexed or checked), so a small nursery keeps
 * it small without keeping it busy. On the 20,000-file benchmark the first index ends at 98 MB
 * instead of 117 MB, and the peak through Check Capsule and workspace-wide references is 137–150 MB
 * in most runs instead of 175–180 MB in every run, for about 5% more CPU in the check (BENCHMARKS.md,
 * "Workspace scale").
 *
 * `--expose-gc` lets the server collect a long pass's garbage at once when the pass ends
 * (server/src/releaseMemory.ts): the peak through the requests after Check Capsule falls from
 * 133–151 MB to 124–129 MB.
 *
 * Documented Node options only: an unknown one would stop the server from starting. The benchmarks
 * start the server with the same options (scripts/bench/lsp.mjs; test/unit/serverLaunch.test.ts keeps
 * them equal).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=4', '--expose-gc'];
