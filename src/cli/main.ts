#!/usr/bin/env node
import { WeakSignalError, UsageError, ConfigError } from '../errors.js';
import type { Command } from './command.js';
import { backtestCommand } from './commands/backtest.js';
import { demoCommand } from './commands/demo.js';
import { replayCommand } from './commands/replay.js';
import { serveCommand } from './commands/serve.js';
import { simulateCommand } from './commands/simulate.js';

const COMMANDS: readonly Command[] = [demoCommand, replayCommand, simulateCommand, backtestCommand, serveCommand];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'weak-signal: early warning on hotline complaints, dispute reports and case counts',
    '',
    'Usage: weak-signal <command> [options]    (weak-signal <command> --help for details)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${mainHelp()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    process.stderr.write(`weak-signal: unknown command "${name}"\n\n${mainHelp()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`weak-signal ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`weak-signal ${name}: ${error.message}\n`);
      return 1;
    }
    if (error instanceof WeakSignalError) {
      process.stderr.write(`weak-signal ${name}: ${error.message} [${error.code}]\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
