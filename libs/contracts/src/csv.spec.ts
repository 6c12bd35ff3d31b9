import { csvCell, csvDocument, csvRow } from './csv';

describe('csvCell: safe to open in a spreadsheet', () => {
  it.each([
    // plain text and numbers pass through
    ['TechCorp', 'TechCorp'],
    ['', ''],
    [null, ''],
    [undefined, ''],
    [440, '440'],
    ['120.00', '120.00'],
    // a negative amount is a number, not a formula: untouched
    ['-120.00', '-120.00'],
    [-120.5, '-120.5'],
    ['-7', '-7'],
    // formula starts are neutralized with a leading quote
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['=1+1', "'=1+1"],
    ['+1+cmd|\' /C calc\'!A0', "'+1+cmd|' /C calc'!A0"],
    ['-2+3', "'-2+3"],
    ['-', "'-"],
    ['-1e5', "'-1e5"],
    ['--120.00', "'--120.00"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', `"'\r=1+1"`],
    ['+120.00', "'+120.00"],
    // a formula char later in the cell is harmless
    ['PO 2025=final', 'PO 2025=final'],
    // quotes, commas and line breaks are quoted, so a cell never splits a row
    ['a,b', '"a,b"'],
    ['x;=HYPERLINK("evil")', '"x;=HYPERLINK(""evil"")"'],
    ['say "hi"', '"say ""hi"""'],
    ['line 1\nline 2', '"line 1\nline 2"'],
    ['line 1\r\nline 2', '"line 1\r\nline 2"'],
    ['ends with CR\r', '"ends with CR\r"'],
    ['\n=1+1', `"'\n=1+1"`],
  ])('%j → %j', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('joins rows and documents with commas and \\n', () => {
    expect(csvRow(['a', null, -1, '=x'])).toBe("a,,-1,'=x");
    expect(csvDocument(['id', 'note'], [['1', 'x\ny'], ['2', '@y']])).toBe('id,note\n1,"x\ny"\n2,\'@y\n');
  });
});
