import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { continueAsGuest, knownSession, type Session, signIn } from '../api/session';
import { navigate } from '../routes';
import { Unavailable } from '../Unavailable';

type Choice = Readonly<{ how: 'sign-in' | 'register' | 'guest'; email: string; password: string }>;

/**
 * Who this browser shops as: sign in, register, or go on as a guest. Every identity comes from
 * order-service through web; the orders of one are not the orders of another.
 */
export const AccountPage = () => {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [current, setCurrent] = useState(knownSession);
  const queries = useQueryClient();
  const choose = useMutation({
    mutationFn: (choice: Choice): Promise<Session> =>
      choice.how === 'guest'
        ? continueAsGuest()
        : signIn(choice.how, choice.email, choice.password),
    onSuccess: (session) => {
      setCurrent(session);
      void queries.invalidateQueries({ queryKey: ['orders'] });
      navigate('/orders');
    },
  });
  const submit = (how: Choice['how']) => (event?: FormEvent) => {
    event?.preventDefault();
    choose.mutate({ how, email, password });
  };
  return (
    <section>
      <h1>Account</h1>
      <p data-testid="shopping-as">
        {current?.email === undefined ? 'Shopping as a guest.' : `Signed in as ${current.email}.`}
      </p>
      <form className="account" onSubmit={submit('sign-in')}>
        <label>
          Email <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password (12 characters or more){' '}
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <button type="submit" disabled={choose.isPending}>
          Sign in
        </button>{' '}
        <button type="button" disabled={choose.isPending} onClick={submit('register')}>
          Register
        </button>{' '}
        <button type="button" disabled={choose.isPending} onClick={submit('guest')}>
          Continue as a new guest
        </button>
      </form>
      {choose.isError && (
        <Unavailable error={choose.error} what="your account" failed="That did not work" />
      )}
    </section>
  );
};
