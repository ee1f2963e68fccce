import { firstSearchCost, launchBrowser } from '../tests/helpers/browser.ts';
import { serveStatic } from '../tests/helpers/server.ts';
const server = await serveStatic('/dev/shm/paperboy-bench-20000-JLFdAz/site/dist');
const browser = await launchBrowser();
for (const q of process.argv.slice(2)) console.log(q, await firstSearchCost(browser, server, q));
await browser.close();
await server.stop();
