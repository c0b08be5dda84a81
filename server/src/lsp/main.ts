/** Entry of dist/server.js: stdio or node IPC (vscode-languageserver picks from the command line). */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { getHclParser } from '../platform/hcl-wasm.js';
import { startServer } from './server.js';
import { stdioConnection } from './stdio.js';

const connection = process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);

process.on('uncaughtException', (err) => connection.console.error(`uncaught: ${err.stack ?? err.message}`));
process.on('unhandledRejection', (err) => connection.console.error(`unhandled rejection: ${String(err)}`));

getHclParser().then(
  (parser) => startServer(connection, parser),
  (err: unknown) => {
    process.stderr.write(`packer-studio: cannot load the HCL parser: ${String(err)}\n`);
    process.exit(1);
  },
);
