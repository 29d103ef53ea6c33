import type { Lab } from '../lab.js';
import { runSilentEdge } from '../system/silent-edge.js';
import { judgeSilentEdge } from './06-real-time.judge.js';

const HOP = 'http://127.0.0.1:8474/proxies/browsers.realtime-gateway';

export const LAB_06: Lab = {
  number: 6,
  slug: '06-real-time',
  title: 'Real time: the silent disconnect',
  patternPage: '../patterns/06-real-time.md',
  minutes: '25-35',
  youWillSee:
    'A page following an order over a WebSocket can lose its link without anybody closing it: a ' +
    'laptop sleeps, a NAT forgets the mapping. TCP notices nothing, and the page goes on showing ' +
    'PENDING long after the order was confirmed. You will make the link between three storefront ' +
    'pages and realtime-gateway go silent (every byte dropped, nothing closed) while their orders ' +
    'are confirmed. Without heartbeats nothing notices: the pages stay on PENDING and nothing ' +
    'reconnects. With them, each page notices within one heartbeat window, reconnects with ' +
    'backoff, resubscribes and refetches, and ends on CONFIRMED. Last, a reconnection storm: pages ' +
    'cut off together by a gateway restart, half of them retrying with jitter and half without.',
  watch: [
    "- realtime-gateway's metrics: `curl -s http://127.0.0.1:3006/metrics | grep ^realtime_`:",
    '  `realtime_open_connections`, `realtime_reconnects_total`, `realtime_heartbeat_failures_total{detected_by}`',
    "  (`client`: a page reported a missed heartbeat when it came back; `gateway`: socket.io's ping timed out).",
    '- Its log: `tail -f .local/logs/apps/realtime-gateway.log` (connections, subscriptions, disconnect reasons).',
    `- The pages' hop, \`browsers.realtime-gateway\` (127.0.0.1:20006 to 3006): \`curl -s ${HOP} | jq .\`.`,
    '  The silence is what the chaos scenario `silent-edge` does, two `timeout` toxics of 0 (every byte dropped,',
    `  no connection closed): \`curl -s -X POST ${HOP}/toxics -d '{"name":"chaos-lab-downstream","type":"timeout","stream":"downstream","attributes":{"timeout":0}}'\``,
    '  and the same `upstream`; it heals by setting their toxicity to 0 (`-d \'{"toxicity":0}\'` on',
    '  `.../toxics/chaos-lab-downstream`), since removing a `timeout` toxic closes its connections and so would tell both ends.',
    '- The storefront: place an order at http://127.0.0.1:8080 and keep its page open. It reaches the gateway',
    "  directly, not through the lab's hop, and shows its connection: `connected`, `reconnecting in N s`, `resynced`.",
    '  Watch it when the gateway restarts in "Fix it".',
  ].join('\n'),
  setup: [
    {
      say: 'Start the stack in chaos mode, in a terminal of its own, and leave it running: `CHAOS=1 ./bin/run`. In a second terminal, at the repository root, reset it:',
    },
    { run: 'npm run lab -- reset' },
  ],
  breakIt: [
    {
      say: "Restart the gateway with the weak switch `no-heartbeat`: it sends no `heartbeat` event and stretches socket.io's ping to an hour, so a dead connection looks alive:",
    },
    { run: 'npm run stack -- restart realtime-gateway --weak no-heartbeat' },
    {
      say: "Watch three pages. `watch` opens them through the lab's hop, each with a customer of its own, places one order per customer (the card processor answers 1.5 s late meanwhile, so you see PENDING first), makes the hop silent while the orders are confirmed, lets data through again and prints what each page shows. The pages are written for this gateway: no heartbeat, so no watchdog.",
    },
    { run: 'npm run lab -- watch --orders 3' },
    {
      say: 'The pages showed PENDING to the end, though the link had passed data again. The watch leaves the hop as it found it, open and without a toxic:',
    },
    { run: `curl -s ${HOP} | jq -c '{name, listen, upstream, enabled, toxics}'` },
    { run: 'npm run lab -- check 6', expect: 'fail' },
  ],
  questions: [
    'During the silence every connection was open as far as both operating systems knew. Why did TCP not notice, and why can a page not tell a quiet order from a dead link on its own?',
    'The pages in the break kept no watchdog. Why not keep the watchdog and drop only the heartbeat?',
    'After a reconnect the page subscribes first and refetches second. What could it miss if it refetched first?',
    'In the storm the pages without jitter came back in step. What does that do to a gateway that has just started, and to order-service behind it? Why is the whole wait random (full jitter), not a fixed delay plus a little noise?',
  ],
  fix: [
    {
      say: 'Restart the gateway with its defaults: a `heartbeat` every 3 s, socket.io ping every 5 s with a 4 s timeout. Its pages keep a watchdog again: a connection silent for one heartbeat interval and 1 s more, 4 s, counts as dead.',
    },
    { run: 'npm run stack -- restart realtime-gateway' },
    {
      say: "Check again. The check runs its own pages through the same silence and prints what they do: each drops its connection 4 s after the last heartbeat came; the check lets data through the hop once every page has noticed, and each page reconnects after its backoff (an attempt that set out inside the silence waits out its 5 s connect timeout), resubscribes and refetches CONFIRMED. The gateway's metrics must agree:",
    },
    { run: 'npm run lab -- check 6', expect: 'pass' },
    {
      say: "Now the jitter. `storm` opens 50 pages with the client library's backoff without jitter (`backoff: { jitter: 'none' }`: each waits exactly 0.5 s, 1 s, then 2 s, the cap the storm sets; the library's is 30 s) and 50 with full jitter (the default: anywhere from 0 to that), all on the gateway directly, restarts the gateway under them (kill -9, then start) and prints when their attempts came:",
    },
    { run: 'npm run lab -- storm --clients 50' },
  ],
  answers: [
    'TCP only notices a dead peer when it sends and gets no acknowledgement (or a keepalive fails, after hours by default); a timeout toxic, a sleeping laptop or a NAT that forgot the mapping just drop bytes. A page waiting for a push cannot tell "nothing happened" from "nothing can arrive": only traffic that must come at a known rate, a heartbeat, turns silence into a fact.',
    'Without the heartbeat, silence is normal on a healthy link: a watchdog would drop and reopen every connection each window, for nothing, and every drop is a refetch at order-service. The watchdog and the heartbeat are one mechanism, one on each end: the gateway promises a rate, and the window of the page is set from that rate.',
    'A status committed between the refetch and the subscription: the refetch read the old one and the push went past before the page was in the room. Subscribing first means a change after the read arrives as a push; the page ignores a push not newer than what it shows, so getting one twice costs nothing.',
    'Every page retries at the same instant: the new gateway takes all the handshakes (and, for customer tokens, all the subscribe look-ups at order-service) in one burst, and those that fail fail together and come back together again. Full jitter spreads them over the whole window, so the load arrives at the rate it can be served; a fixed delay plus small noise keeps the herd together.',
  ],
  grade: async (log) => judgeSilentEdge(await runSilentEdge(3, log)),
};
