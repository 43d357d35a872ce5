/**
 * `npm run -s concord -- <command>`: administration from a terminal.
 * Exit codes: 0 success, 1 failure, 2 usage error.
 *
 * Database: DATABASE_URL when set. Otherwise the embedded database under CONCORD_DATA_DIR:
 * if `npm start` is running, the CLI connects to the port the server published in
 * .concord/runtime.json; if not, it opens the data folder itself for the command's duration.
 */
import { ZodError } from 'zod';
import { env, EnvError } from '../config/env';
import { disconnectDb } from '../db/client';
import { openDatabase } from '../db/connect';
import { DomainError } from '../errors/domain-error';
import { COMMANDS } from './commands';
import { NiftiError } from '../imaging/nifti';
import { CsvError } from './csv';
import { ModelLoadError } from '../model/files';
import { DicomParseError } from '../dicom/parse';
import { UsageError } from './output';

process.env.LOG_LEVEL ??= 'warn';

function help(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage}\n      ${c.summary}`);
  return ['Usage: npm run -s concord -- <command> [options]', '', 'Commands:', '  help', '      show this help', ...lines, '', 'Exit codes: 0 ok, 1 failure, 2 usage error.'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  if (!argv.length || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    out(help());
    return argv.length ? 0 : 2;
  }
  const twoWords = COMMANDS[argv.slice(0, 2).join(' ')];
  const command = twoWords ?? COMMANDS[argv[0]!];
  if (!command) {
    process.stderr.write(`Unknown command: ${argv.join(' ')}\n\n${help()}\n`);
    return 2;
  }
  const rest = argv.slice(twoWords ? 2 : 1);
  // Statistics on files need no database.
  if (!command.database) {
    await command.run(rest, out);
    return 0;
  }
  env();
  const database = await openDatabase({ owner: 'cli' });
  try {
    await command.run(rest, out);
    return 0;
  } finally {
    await disconnectDb();
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof CsvError || err instanceof RangeError || err instanceof NiftiError || err instanceof ModelLoadError || err instanceof DicomParseError) {
      process.stderr.write(`Error: ${err.message}\n`);
      process.exit(1);
    }
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`${(err as Error).message}\n\nRun "npm run -s concord -- help" for usage.\n`);
      process.exit(2);
    }
    if (err instanceof DomainError) process.stderr.write(`Error: ${err.userMessage}\n`);
    else if (err instanceof ZodError) process.stderr.write(`Error: ${err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n`);
    else if (err instanceof EnvError) process.stderr.write(`${err.message}\n`);
    else process.stderr.write(`Error: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
