import { whatsappHtml, whatsappSpans } from '../../admin/src/utils/whatsapp-format';

describe('WhatsApp formatting', () => {
  it('reads *bold*, _italic_, ~strike~ and ```mono``` as WhatsApp does, nested too', () => {
    expect(whatsappSpans('RSVP *going* to _Climate night_ ~maybe~ ```npm test```')).toEqual([
      { text: 'RSVP ', styles: [] },
      { text: 'going', styles: ['bold'] },
      { text: ' to ', styles: [] },
      { text: 'Climate night', styles: ['italic'] },
      { text: ' ', styles: [] },
      { text: 'maybe', styles: ['strike'] },
      { text: ' ', styles: [] },
      { text: 'npm test', styles: ['mono'] },
    ]);
    expect(whatsappSpans('*_both_*, (*x*)')).toEqual([
      { text: 'both', styles: ['bold', 'italic'] },
      { text: ', (', styles: [] },
      { text: 'x', styles: ['bold'] },
      { text: ')', styles: [] },
    ]);
  });

  it('leaves markers inside words, around spaces, across lines and inside mono as typed', () => {
    for (const text of ['snake_case_name', '2*3*4', '* not bold *', '*two\nlines*', 'a_b c_d'])
      expect(whatsappSpans(text)).toEqual([{ text, styles: [] }]);
    expect(whatsappSpans('```*raw* _x_```')).toEqual([{ text: '*raw* _x_', styles: ['mono'] }]);
  });

  it('escapes the text before it formats it: a message cannot inject HTML', () => {
    expect(whatsappHtml('*<img src=x onerror=alert(1)>* & "you"')).toBe(
      '<strong>&lt;img src=x onerror=alert(1)&gt;</strong> &amp; &quot;you&quot;'
    );
    expect(whatsappHtml('_<b>hi</b>_')).toBe('<em>&lt;b&gt;hi&lt;/b&gt;</em>');
    expect(whatsappHtml('*_both_*')).toBe('<strong><em>both</em></strong>');
  });
});
