import { CreateSentEmails1795440000100 } from './1795440000100-create-sent-emails.js';

/** email-service's own schema changes, in order; the inbox table comes from its library. */
export const EMAIL_MIGRATIONS = [CreateSentEmails1795440000100];
