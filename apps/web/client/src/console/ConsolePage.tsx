import { useState, type FormEvent } from 'react';
import { ChaosPanel } from './ChaosPanel';
import { consoleApi } from './console-api';
import { DeadLettersPanel } from './DeadLettersPanel';
import { AlertsPanel, LanesPanel } from './LanesPanel';
import { ProviderKnobsPanel } from './ProviderKnobsPanel';
import { ParkedSagasPanel } from './ParkedSagasPanel';
import { forgetStaffToken, keepStaffToken, storedStaffToken } from './staff-token';

/**
 * The operations console (operators). Without the operator token it shows only the form that asks
 * for it; a token the backend refuses (401, or 403 for the service token) is forgotten and asked for again.
 */
export const ConsolePage = () => {
  const [token, setToken] = useState(storedStaffToken);
  const [refused, setRefused] = useState(false);
  if (token === undefined) {
    return (
      <StaffTokenForm
        refused={refused}
        onToken={(given) => (keepStaffToken(given), setToken(given))}
      />
    );
  }
  const api = consoleApi(token);
  const onRefused = () => {
    forgetStaffToken();
    setRefused(true);
    setToken(undefined);
  };
  return (
    <section className="console" data-testid="console">
      <h1>Operations console</h1>
      <button type="button" onClick={onRefused}>
        Forget the operator token
      </button>
      <AlertsPanel api={api} onRefused={onRefused} />
      <ChaosPanel api={api} onRefused={onRefused} />
      <LanesPanel api={api} onRefused={onRefused} />
      <DeadLettersPanel api={api} onRefused={onRefused} />
      <ParkedSagasPanel api={api} onRefused={onRefused} />
      <ProviderKnobsPanel api={api} onRefused={onRefused} />
    </section>
  );
};

const StaffTokenForm = ({
  refused,
  onToken,
}: {
  refused: boolean;
  onToken: (token: string) => void;
}) => {
  const [given, setGiven] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (given.trim() !== '') onToken(given.trim());
  };
  return (
    <form className="staff-token" onSubmit={submit} data-testid="staff-token-form">
      <h1>Operations console</h1>
      <p>
        {refused ? 'That token was refused. ' : ''}The console is for operators: enter the operator
        token (OPERATOR_TOKEN).
      </p>
      <input
        type="password"
        aria-label="operator token"
        value={given}
        onChange={(event) => setGiven(event.target.value)}
      />
      <button type="submit">Open the console</button>
    </form>
  );
};
