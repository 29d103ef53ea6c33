import { isCommand, type Lab, type Step } from '../lab.js';

// Pure: a lab in, its page's markdown out. `npm run lab -- pages` writes them, and a unit test
// fails when a page on disk differs, so a page cannot drift from the commands the tests run.

export const LABS_DIR = 'docs/labs';

export const pageFileOf = (lab: Lab): string => `${LABS_DIR}/${lab.slug}.md`;

export const ANSWERS_FILE = `${LABS_DIR}/answers.md`;

const EXPECTED = { fail: '# the grader answers FAIL here', pass: '# the grader answers PASS here' };

const renderSteps = (steps: readonly Step[]): string =>
  steps
    .map((step) =>
      isCommand(step)
        ? ['```sh', step.run, ...(step.expect ? [EXPECTED[step.expect]] : []), '```'].join('\n')
        : step.say,
    )
    .join('\n\n');

const generatedNote = (lab: Lab): string =>
  `<!-- generated from libs/labs/src/labs/${lab.slug}.ts by \`npm run lab -- pages\`: edit it there -->`;

export const renderLabPage = (lab: Lab): string =>
  [
    generatedNote(lab),
    '',
    `# Lab ${lab.number}. ${lab.title}`,
    '',
    `About ${lab.minutes} minutes. The pattern: [${lab.patternPage.replace(/^.*\//, '')}](${lab.patternPage}). ` +
      `Grading: \`npm run lab -- check ${lab.number}\`, from the system's own state. ` +
      'Facilitators: [the workshop guide](README.md) and [the answers](answers.md).',
    '',
    '## What you will see',
    '',
    lab.youWillSee,
    '',
    '## Before you start',
    '',
    renderSteps(lab.setup),
    '',
    '## What to watch',
    '',
    lab.watch,
    '',
    '## Break it',
    '',
    renderSteps(lab.breakIt),
    '',
    '## Questions',
    '',
    lab.questions.map((q, i) => `${i + 1}. ${q}`).join('\n'),
    '',
    '## Fix it',
    '',
    renderSteps(lab.fix),
    '',
    '## Afterwards',
    '',
    '```sh',
    'npm run lab -- reset',
    '```',
    '',
    'puts every app back to its defaults before the next lab.',
    '',
  ].join('\n');

export const renderAnswersPage = (labs: readonly Lab[]): string =>
  [
    '<!-- generated from libs/labs/src/labs/ by `npm run lab -- pages`: edit the labs there -->',
    '',
    '# Answers, for the facilitator',
    '',
    'Not for learners before they try: each answer is one way to say it, to start a discussion.',
    '',
    ...labs.flatMap((lab) => [
      `## [Lab ${lab.number}. ${lab.title}](${lab.slug}.md)`,
      '',
      ...lab.questions.flatMap((q, i) => [
        `${i + 1}. **${q}**`,
        '',
        `   ${lab.answers[i] ?? ''}`,
        '',
      ]),
    ]),
  ].join('\n');

/** Every generated page: file path (from the repository root) to content. */
export const renderPages = (labs: readonly Lab[]): ReadonlyMap<string, string> =>
  new Map([
    ...labs.map((lab) => [pageFileOf(lab), renderLabPage(lab)] as const),
    [ANSWERS_FILE, renderAnswersPage(labs)] as const,
  ]);
