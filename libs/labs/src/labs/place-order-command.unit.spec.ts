import { describe, expect, it } from '@jest/globals';
import { placeOrderCommand } from './place-order-command.js';

describe("the page block that places a learner's order", () => {
  it('given lab 4, then it starts a guest session, sends its token and a body of items only, tagged lab4- for the grader', () => {
    const command = placeOrderCommand('lab4');

    expect(command).toContain('curl -s -X POST http://127.0.0.1:3001/sessions/guest');
    expect(command).toContain('-H "authorization: Bearer $TOKEN"');
    expect(command).toContain('-H "x-correlation-id: lab4-$RANDOM"');
    expect(command).toContain(`-d '{"items":[{"sku":"MUG-001","quantity":1}]}'`);
    expect(command).not.toContain('customerId"');
  });
});
