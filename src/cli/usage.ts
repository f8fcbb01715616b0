/** A problem with a command's inputs: printed as one line with exit code 2. Kept import-free so any command can use it. */
export class UsageError extends Error {}
