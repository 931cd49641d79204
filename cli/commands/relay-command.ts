// `porthole relay`: run a relay; `porthole relay invite NAME`: make a pairing code.
import fs from 'node:fs';
import { type Command, Option } from 'commander';
import { RelayOptions } from '../../protocol/relay-options.js';
import { formatDuration } from '../../protocol/units.js';
import { validator } from '../../protocol/validator.js';
import { createInvite } from '../../relay-server/accounts/invites.js';
import { RELAY_DEFAULTS } from '../../relay-server/relay-config.js';
import { startRelay } from '../../relay-server/relay-server.js';
import { MASTER_KEY_ENV } from '../../relay-server/secrets/master-key.js';
import { openSqliteRelayStore, relayDatabasePath } from '../../relay-server/store/sqlite/sqlite-relay-store.js';
import { defaultRelayDataDir } from '../data-dirs.js';
import { durationArg, portArg, sizeArg } from '../option-parsers.js';
import { fail, printResult } from '../output.js';

const dataDirOption = () =>
  new Option('--data-dir <dir>', 'where the relay keeps its database').env('PORTHOLE_RELAY_DATA_DIR');

export function registerRelayCommand(program: Command) {
  const relay = program
    .command('relay')
    .enablePositionalOptions()
    .description('run a Porthole relay: permanent webhook URLs, buffered until every device has them')
    .addOption(
      new Option('--host <host>', 'address to listen on').env('PORTHOLE_RELAY_HOST').default(RELAY_DEFAULTS.host),
    )
    .addOption(
      new Option('--port <port>', 'port to listen on (0 picks a free one)')
        .env('PORTHOLE_RELAY_PORT')
        .argParser(portArg)
        .default(RELAY_DEFAULTS.port),
    )
    .addOption(dataDirOption())
    .addOption(
      new Option('--public-url <url>', 'base of the permanent URLs, as senders reach this relay').env(
        'PORTHOLE_RELAY_PUBLIC_URL',
      ),
    )
    .addOption(
      new Option('--ttl <duration>', 'undelivered events expire after this (e.g. 24h, 7d)')
        .env('PORTHOLE_RELAY_TTL')
        .argParser(durationArg)
        .default(RELAY_DEFAULTS.ttlMs, formatDuration(RELAY_DEFAULTS.ttlMs)),
    )
    .addOption(
      new Option('--max-buffer <size>', 'cap on buffered body bytes; oldest events go first past it')
        .env('PORTHOLE_RELAY_MAX_BUFFER')
        .argParser(sizeArg)
        .default(RELAY_DEFAULTS.maxBufferBytes, '1GiB'),
    )
    .addOption(
      new Option('--durability <mode>', 'full: fsync every commit (survives power loss); normal: survives a crash')
        .env('PORTHOLE_RELAY_DURABILITY')
        .choices(['full', 'normal'])
        .default('full'),
    )
    .addOption(
      new Option(
        '--trust-proxy <cidr>',
        "a proxy (CIDR) whose X-Forwarded-For names the sender's address; repeatable (env: comma-separated)",
      )
        .env('PORTHOLE_RELAY_TRUST_PROXY')
        .argParser(collectCidrs)
        .default([] as string[], 'none'),
    )
    .addOption(
      new Option(
        '--alerts-allow <cidr>',
        'a private range (CIDR) relay-side alert webhooks may reach anyway; repeatable (env: comma-separated)',
      )
        .env('PORTHOLE_RELAY_ALERTS_ALLOW')
        .argParser(collectCidrs)
        .default([] as string[], 'none'),
    )
    .addOption(
      new Option('--alerts-follow-redirects <hops>', 'redirect hops an alert webhook follows, each checked (0-3)')
        .env('PORTHOLE_RELAY_ALERTS_FOLLOW_REDIRECTS')
        .argParser((v: string) => Number(v))
        .default(0),
    )
    .option('--json', 'print start-up information as one JSON line')
    // Only from the environment: a command-line key would show in every process listing.
    .addHelpText(
      'after',
      `\nEnvironment:\n  ${MASTER_KEY_ENV}  the 32-byte key (base64 or hex) that encrypts secrets at rest;\n` +
        '    without it, DATA_DIR/master.key (0600), created at first start. Back it up with the data.',
    )
    .action(async (opts: Record<string, unknown>) => {
      let options: RelayOptions;
      try {
        options = validator(RelayOptions).parse(
          {
            host: opts['host'],
            port: opts['port'],
            dataDir: (opts['dataDir'] as string | undefined) ?? defaultRelayDataDir(),
            publicUrl: opts['publicUrl'],
            ttlMs: opts['ttl'],
            durability: opts['durability'],
            maxBufferBytes: opts['maxBuffer'],
            trustedProxies: opts['trustProxy'],
            alertsAllow: opts['alertsAllow'],
            alertsFollowRedirects: opts['alertsFollowRedirects'],
          },
          'relay options',
        );
      } catch (err) {
        fail((err as Error).message);
      }
      const running = await startRelay({ ...RELAY_DEFAULTS, ...options, masterKey: process.env[MASTER_KEY_ENV] }).catch(
        (err: Error) => fail(`could not start the relay: ${err.message}`),
      );
      printResult(
        Boolean(opts['json']),
        {
          url: running.url,
          publicUrl: running.publicUrl,
          dataDir: options.dataDir,
          durability: options.durability,
          adminToken: running.adminToken,
        },
        () =>
          [
            `Porthole relay listening on ${running.url}`,
            `  permanent URLs: ${running.publicUrl}/h/{key}`,
            `  data: ${options.dataDir} (durability ${options.durability}, TTL ${formatDuration(options.ttlMs)})`,
            running.adminToken
              ? `  admin token (shown once; keep it safe): ${running.adminToken}`
              : '  admin token: set at first start (stored hashed)',
            '  invite a user: porthole relay invite NAME --data-dir <same dir>',
          ].join('\n'),
      );
      const stop = () => {
        void running.close().then(() => process.exit(0));
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });

  relay
    .command('invite')
    .description('create a one-time pairing code (valid 24 h) for a user, creating the user if new')
    .argument('<name>', 'the user the paired device will belong to')
    .addOption(dataDirOption())
    .option('--json', 'print {"code", "userName", "expiresAt"} as JSON')
    .action(async (name: string, opts: { dataDir?: string; json?: boolean }, command: Command) => {
      // `relay --data-dir X invite NAME` puts the option on the parent command.
      const dataDir =
        opts.dataDir ?? (command.parent?.opts() as { dataDir?: string } | undefined)?.dataDir ?? defaultRelayDataDir();
      if (!fs.existsSync(relayDatabasePath(dataDir))) {
        fail(`no relay database in ${dataDir}: start the relay there first, or pass the right --data-dir`);
      }
      const store = openSqliteRelayStore(dataDir, 'full', { checkpointThread: false });
      try {
        const invite = await createInvite(store, name);
        const expiresAt = new Date(invite.expiresAt).toISOString();
        printResult(
          Boolean(opts.json),
          { code: invite.code, userName: invite.userName, expiresAt },
          () =>
            `Pairing code for ${invite.userName}: ${invite.code}\n  expires ${expiresAt}; use it once with: porthole pair RELAY_URL ${invite.code}`,
        );
      } catch (err) {
        fail((err as Error).message);
      } finally {
        await store.close();
      }
    });
}

/** Repeatable --trust-proxy and --alerts-allow; the environment variable may list several, comma-separated. */
function collectCidrs(value: string, previous: string[]): string[] {
  const more = value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return [...previous, ...more];
}
