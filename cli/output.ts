// One place decides between human lines and JSON lines, so every command supports --json.
export function printResult(json: boolean, data: object, human: () => string) {
  process.stdout.write(json ? `${JSON.stringify(data)}\n` : `${human()}\n`);
}

export function fail(message: string, code = 1): never {
  process.stderr.write(`porthole: ${message}\n`);
  process.exit(code);
}
