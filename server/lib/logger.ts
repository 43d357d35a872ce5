/** Structured JSON logs, one line per event, on stdout (errors on stderr). */
type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

// Values under these keys never reach a log line, whatever the caller passes.
const REDACTED = new Set(['password', 'passwordHash', 'token', 'secret', 'authorization', 'cookie']);

function threshold(): number {
  const level = (process.env.LOG_LEVEL ?? 'info') as Level;
  return order[level] ?? order.info;
}

function clean(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (REDACTED.has(key)) out[key] = '[redacted]';
    else if (value instanceof Error) out[key] = { name: value.name, message: value.message, stack: value.stack };
    else out[key] = value;
  }
  return out;
}

function write(level: Level, msg: string, fields: Record<string, unknown>) {
  if (order[level] < threshold()) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...clean(fields) });
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
}

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

function make(base: Record<string, unknown>): Logger {
  return {
    debug: (msg, f = {}) => write('debug', msg, { ...base, ...f }),
    info: (msg, f = {}) => write('info', msg, { ...base, ...f }),
    warn: (msg, f = {}) => write('warn', msg, { ...base, ...f }),
    error: (msg, f = {}) => write('error', msg, { ...base, ...f }),
    child: (f) => make({ ...base, ...f }),
  };
}

export const logger = make({});
