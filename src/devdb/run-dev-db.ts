// `npm run db`: the development database alone, for other tools; prints its URI and runs until Ctrl-C.
import { loadConfig } from '../config.js';
import { startFerretDb } from './ferretdb.js';

const config = loadConfig();
const db = await startFerretDb({ dataDir: config.DATA_DIR, port: config.DEV_DB_PORT });
process.stdout.write(`MONGODB_URI=${db.uri.replace('/?', '/hoso?')}\n(data in ${config.DATA_DIR}; Ctrl-C to stop)\n`);
const stop = (): void => {
  void db.stop().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
