import nodemailer from 'nodemailer';

/** One mail to send; `messageId` is the SMTP Message-ID header, chosen by the caller. */
export type OutgoingMail = Readonly<{
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId: string;
}>;

/** Hands a mail to an SMTP server; resolves once the server accepted it. */
export type MailSender = Readonly<{
  send: (mail: OutgoingMail) => Promise<void>;
  close: () => void;
}>;

/**
 * Sends over plain SMTP without auth, as the local sink (MailDev) expects. Short timeouts,
 * because a send runs inside an open database transaction and must not hold it for long.
 */
export const smtpMailSender = (host: string, port: number): MailSender => {
  const transport = nodemailer.createTransport({
    host,
    port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 5_000,
    greetingTimeout: 5_000,
    socketTimeout: 10_000,
  });
  return {
    send: async (mail) => {
      await transport.sendMail(mail);
    },
    close: () => transport.close(),
  };
};
