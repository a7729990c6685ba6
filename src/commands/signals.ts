/** Exit code of a command stopped by a signal: 128 plus the signal number, as shells report it. */
export const SIGNAL_EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
