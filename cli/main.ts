// The `porthole` command: argument parsing, then calls into the parts.
import { Command } from 'commander';
import { registerAlertsCommand } from './commands/alerts-command.js';
import { registerEndpointsCommand } from './commands/endpoints-command.js';
import { registerEventsCommand } from './commands/events-command.js';
import { registerListenCommand } from './commands/listen-command.js';
import { registerPairCommand } from './commands/pair-command.js';
import { registerRelayCommand } from './commands/relay-command.js';
import { registerReplayCommand } from './commands/replay-command.js';
import { registerStartCommand } from './commands/start-command.js';
import { registerUiCommand } from './commands/ui-command.js';

const program = new Command()
  .name('porthole')
  .description('Porthole: a permanent webhook URL that lands on your own desktop')
  .version('0.1.0')
  .enablePositionalOptions()
  .showHelpAfterError('(add --help for usage)')
  .configureOutput({ outputError: (str, write) => write(`porthole: ${str.replace(/^error: /, '')}`) });

registerStartCommand(program);
registerUiCommand(program);
registerListenCommand(program);
registerPairCommand(program);
registerEndpointsCommand(program);
registerAlertsCommand(program);
registerEventsCommand(program);
registerReplayCommand(program);
registerRelayCommand(program);

await program.parseAsync(process.argv);
