import { describe, expect, it } from '@jest/globals';
import { establishedRemotePorts } from './container-sockets.js';

// /proc/net/tcp and tcp6 as a container shows them (trailing columns cut): a listener on 3001,
// connections to 21432 and 21672 (0x53B8, 0x54A8), one closing (state 06), one over IPv6 to 4318,
// and the health check's request to the app itself over loopback, IPv4 and IPv6.
const PROC_NET_TCP = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid
   0: 00000000:0BB9 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000
   1: 0300120A:A1B2 0500120A:53B8 01 00000000:00000000 02:000A1B2C 00000000  1000
   2: 0300120A:A1B4 0500120A:54A8 01 00000000:00000000 02:000A1B2C 00000000  1000
   3: 0300120A:A1B6 0200120A:1538 06 00000000:00000000 03:00001234 00000000     0
   4: 0100007F:B0C2 0100007F:0BB9 01 00000000:00000000 00:00000000 00000000  1000
  sl  local_address                         remote_address                        st tx_queue
   0: 0000000000000000FFFF00000300120A:A1C0 0000000000000000FFFF00000400120A:10DE 01 00000000:00000000
   1: 00000000000000000000000001000000:B0C4 00000000000000000000000001000000:0BB9 01 00000000:00000000
   2: 0000000000000000FFFF00000100007F:B0C6 0000000000000000FFFF00000100007F:0BB9 01 00000000:00000000
`;

describe('establishedRemotePorts', () => {
  it('given a container’s /proc/net/tcp and tcp6, then it lists the remote ports of established connections to other hosts only', () => {
    expect([...establishedRemotePorts(PROC_NET_TCP)].sort((a, b) => a - b)).toEqual([
      4318, 21432, 21672,
    ]);
  });

  it('given no established connection, then it lists none', () => {
    expect(establishedRemotePorts(PROC_NET_TCP.replaceAll(' 01 ', ' 0A ')).size).toBe(0);
  });
});
