import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Unavailable } from '../Unavailable';
import type { ConsoleApi, DeadLetter } from './console-api';
import { type OnRefused, useStaffQuery } from './use-staff-query';

type Props = { api: ConsoleApi; onRefused: OnRefused };

/** Dead letters per queue: pick a queue, read a letter, redrive it or the whole queue. */
export const DeadLettersPanel = ({ api, onRefused }: Props) => {
  const queues = useStaffQuery(['dead-letter-queues'], api.deadLetterQueues, onRefused);
  const [queue, setQueue] = useState<string>();
  return (
    <section data-testid="dead-letters">
      <h2>Dead letters</h2>
      {queues.isPending ? (
        <p>Loading the dead-letter queues…</p>
      ) : queues.isError ? (
        <Unavailable error={queues.error} what="the dead-letter queues" />
      ) : (
        <ul className="queues">
          {queues.data.items.map((item) => (
            <li key={item.queue}>
              <button
                type="button"
                aria-pressed={item.queue === queue}
                onClick={() => setQueue(item.queue)}
              >
                {item.queue}: {item.messages}
              </button>
            </li>
          ))}
        </ul>
      )}
      {queue === undefined ? null : <QueueLetters api={api} onRefused={onRefused} queue={queue} />}
    </section>
  );
};

const QueueLetters = ({ api, onRefused, queue }: Props & { queue: string }) => {
  const letters = useStaffQuery(['dead-letters', queue], () => api.deadLetters(queue), onRefused);
  const client = useQueryClient();
  const redrive = useMutation({
    mutationFn: (messageId?: string) => api.redrive(queue, messageId),
    onSettled: () => client.invalidateQueries({ queryKey: ['console'] }),
  });
  const [open, setOpen] = useState<string>();
  if (letters.isPending) return <p>Reading {queue}.dlq…</p>;
  if (letters.isError)
    return <Unavailable error={letters.error} what={`${queue}'s dead letters`} />;
  return (
    <div data-testid="queue-letters">
      <h3>
        {queue}.dlq ({letters.data.items.length}){' '}
        <button
          type="button"
          disabled={redrive.isPending}
          onClick={() => redrive.mutate(undefined)}
        >
          Redrive all
        </button>
      </h3>
      {redrive.isError ? (
        <Unavailable error={redrive.error} what="the redrive" failed="Redrive refused" />
      ) : null}
      <table className="letters">
        <tbody>
          {letters.data.items.map((letter) => (
            <LetterRow
              key={letter.messageId ?? letter.position}
              letter={letter}
              open={open === letter.messageId}
              onOpen={() =>
                setOpen(open === letter.messageId ? undefined : (letter.messageId ?? undefined))
              }
              onRedrive={
                letter.messageId === null
                  ? undefined
                  : () => redrive.mutate(letter.messageId ?? undefined)
              }
            />
          ))}
        </tbody>
      </table>
    </div>
  );
};

const LetterRow = ({
  letter,
  open,
  onOpen,
  onRedrive,
}: {
  letter: DeadLetter;
  open: boolean;
  onOpen: () => void;
  onRedrive: (() => void) | undefined;
}) => (
  <>
    <tr data-testid="dead-letter" data-message-id={letter.messageId ?? ''}>
      <td>
        <button type="button" onClick={onOpen}>
          {letter.messageId ?? `#${letter.position}`}
        </button>
      </td>
      <td>{letter.type ?? '–'}</td>
      <td>{letter.attempts ?? '–'} attempts</td>
      <td>{letter.reason ?? '–'}</td>
      <td>
        {onRedrive === undefined ? null : (
          <button type="button" onClick={onRedrive}>
            Redrive
          </button>
        )}
      </td>
    </tr>
    {open ? (
      <tr>
        <td colSpan={5}>
          <pre data-testid="dead-letter-detail">
            {`failed at: ${letter.failedAt ?? '–'}\noriginal queue: ${letter.originalQueue ?? '–'}\n\nstack:\n${letter.stack ?? '–'}\n\nheaders:\n${JSON.stringify(letter.headers, null, 2)}\n\nbody:\n${JSON.stringify(letter.body, null, 2)}`}
          </pre>
        </td>
      </tr>
    ) : null}
  </>
);
