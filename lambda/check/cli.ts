// The `check` command: see lambda/check/README in the brief. Placeholder until it is written.
console.error('not implemented yet');
process.exit(2);
