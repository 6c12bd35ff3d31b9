import { chooseLogFormat } from './log-format';

describe('the log format npm start shows', () => {
  it.each([
    [undefined, true, 'pretty'],
    [undefined, false, 'json'],
    ['', true, 'pretty'],
    ['auto', true, 'pretty'],
    ['auto', false, 'json'],
    ['json', true, 'json'],
    [' JSON ', true, 'json'],
    ['pretty', false, 'pretty'],
    ['Pretty', true, 'pretty'],
  ] as const)('LOG_FORMAT=%p on a terminal: %p → %p', (setting, terminal, format) => {
    expect(chooseLogFormat(setting, terminal)).toBe(format);
  });

  it('refuses a format it does not know, naming the variable', () => {
    expect(() => chooseLogFormat('yaml', true)).toThrow('LOG_FORMAT: expected json, pretty or auto; not yaml');
  });
});
