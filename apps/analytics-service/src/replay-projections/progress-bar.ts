/**
 * Replay progress on stderr: a bar redrawn in place on a terminal, plain lines (at most one every
 * two seconds) when stderr is a file or a pipe, so logs stay readable. It prints no rate of its
 * own: the one rate is the replay's, computed once when it caught up, and printed at the finish.
 */
export const progressBar = (
  stream: NodeJS.WriteStream,
  total: number,
  now: () => number = Date.now,
): {
  update: (done: number) => void;
  finish: (done: number, note: string, eventsPerSecond: number | null) => void;
} => {
  let lastLine = 0;
  const describe = (done: number) => {
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    return { ratio, text: `${(ratio * 100).toFixed(1)}%  ${done}/${total} events` };
  };
  return {
    update: (done) => {
      const { ratio, text } = describe(done);
      if (stream.isTTY) {
        const width = 30;
        const filled = Math.round(ratio * width);
        stream.write(`\rreplay [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}  `);
      } else if (now() - lastLine >= 2_000) {
        lastLine = now();
        stream.write(`replay progress ${text}\n`);
      }
    },
    finish: (done, note, eventsPerSecond) => {
      const rate = eventsPerSecond === null ? '' : `  ${eventsPerSecond} events/s`;
      stream.write(`${stream.isTTY ? '\n' : ''}replay ${note}: ${describe(done).text}${rate}\n`);
    },
  };
};
