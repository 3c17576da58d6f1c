import { describe, expect, it } from 'vitest';
import { checkIvrTree, ivrAudioIds } from './ivr-menu.js';

const queue = (key: string) => ({ key, label: 'صف', destination: { kind: 'queue', queue: '122-water' } });

describe('the IVR menu tree', () => {
  it('normalises its Persian text and fills the defaults', () => {
    const checked = checkIvrTree({
      greeting: { text: '  به ۱۲۲ خوش آمديد  ' },
      menu: { prompt: { text: 'يك را بزنيد' }, options: [queue('1')] },
    });
    expect(checked).toMatchObject({
      ok: true,
      tree: {
        announceNotices: true,
        greeting: { text: 'به ۱۲۲ خوش آمدید' },
        menu: { prompt: { text: 'یک را بزنید' } },
      },
    });
  });

  it('names the field of the first problem', () => {
    const cases: [unknown, string][] = [
      [{ menu: { prompt: { text: 'x' }, options: [queue('1')] } }, 'tree.greeting'],
      [{ greeting: {}, menu: { prompt: { text: 'x' }, options: [queue('1')] } }, 'tree.greeting'],
      [{ greeting: { text: 'x' }, menu: { prompt: { text: 'x' }, options: [] } }, 'tree.menu.options'],
      [
        { greeting: { text: 'x' }, menu: { prompt: { text: 'x' }, options: [queue('1'), queue('1')] } },
        'tree.menu.options.1.key',
      ],
      [
        {
          greeting: { text: 'x' },
          menu: { prompt: { text: 'x' }, options: [{ ...queue('1'), destination: { kind: 'queue', queue: 'صف' } }] },
        },
        'tree.menu.options.0.destination.queue',
      ],
      [
        {
          greeting: { text: 'x' },
          menu: { prompt: { text: 'x' }, options: [{ ...queue('1'), destination: { kind: 'fax' } }] },
        },
        'tree.menu.options.0.destination.kind',
      ],
      [{ greeting: { text: 'x' }, menu: { prompt: { text: 'x' }, options: [queue('1')] }, extra: 1 }, 'tree'],
    ];
    for (const [input, field] of cases) {
      const checked = checkIvrTree(input);
      expect(checked.ok, JSON.stringify(input)).toBe(false);
      if (!checked.ok) expect(checked.field, JSON.stringify(input)).toBe(field);
    }
  });

  it('says each reason in Persian too', () => {
    const twice = checkIvrTree({
      greeting: { text: 'x' },
      menu: { prompt: { text: 'x' }, options: [queue('1'), queue('1')] },
    });
    expect(twice).toMatchObject({ ok: false, en: 'is used twice', fa: 'این کلید در همین منو دو بار آمده است' });
    const long = checkIvrTree({
      greeting: { text: 'x' },
      menu: { prompt: { text: 'x' }, options: [{ ...queue('1'), label: 'ب'.repeat(101) }] },
    });
    expect(long).toMatchObject({ ok: false, fa: 'حداکثر ۱۰۰ نویسه' });
  });

  it('lists every recording it names, once', () => {
    const a = '11111111-1111-4111-8111-111111111111';
    const b = '22222222-2222-4222-8222-222222222222';
    const checked = checkIvrTree({
      greeting: { audioId: a },
      menu: {
        prompt: { text: 'x', audioId: a },
        options: [
          { key: '1', label: 'x', destination: { kind: 'announcement', prompt: { audioId: b } } },
          {
            key: '2',
            label: 'x',
            destination: { kind: 'menu', menu: { prompt: { audioId: b }, options: [queue('3')] } },
          },
        ],
      },
    });
    expect(checked.ok && ivrAudioIds(checked.tree).sort()).toEqual([a, b]);
  });
});
