import fs from 'node:fs';
import path from 'node:path';
import { audioSeconds } from '../../server/src/media/duration';
import { opusPacketSamples } from '../../server/src/media/ogg-opus';
import { longOpusNote, oggPage, opusPackets } from '../support/ogg';

/**
 * A voice note's length is measured from its content, never read from one field the sender
 * wrote: every Ogg page checked and every Opus packet counted, MP3 frame by frame, MP4 from its
 * box tree and sample tables. What does not parse is refused (undefined), not estimated.
 */

const sample = fs.readFileSync(path.join(__dirname, '../../simulator/samples/who-should-i-meet.ogg'));
const ogg = (data: Buffer) => audioSeconds(data, 'audio/ogg');
/** The sample's pages, as buffers. */
const pagesOf = (data: Buffer) => {
  const pages: Buffer[] = [];
  for (let at = 0; at < data.length; ) {
    const count = data[at + 26];
    let size = 27 + count;
    for (let i = 0; i < count; i += 1) size += data[at + 27 + i];
    pages.push(data.subarray(at, at + size));
    at += size;
  }
  return pages;
};

describe('Ogg/Opus', () => {
  it('measures a real voice note from its packets, minus the pre-skip', () => {
    // opusenc's 69 packets of 20 ms, minus 312 samples of pre-skip.
    expect(ogg(sample)).toBeCloseTo((69 * 960 - 312) / 48_000, 6);
    expect(ogg(longOpusNote(sample, 10))).toBeCloseTo((690 * 960 - 312) / 48_000, 6);
  });

  it('reads the frame size and count of each packet from its TOC byte (RFC 6716 §3.1)', () => {
    expect(opusPacketSamples(Buffer.from([(1 << 3) | 0, 0]))).toBe(960); // SILK 20 ms, one frame
    expect(opusPacketSamples(Buffer.from([(3 << 3) | 1, 1, 2]))).toBe(5_760); // SILK 60 ms × 2
    expect(opusPacketSamples(Buffer.from([(3 << 3) | 1, 1]))).toBeUndefined(); // code 1: even sizes
    expect(opusPacketSamples(Buffer.from([(16 << 3) | 3, 6]))).toBe(720); // CELT 2.5 ms × 6
    expect(opusPacketSamples(Buffer.from([(19 << 3) | 3, 7]))).toBeUndefined(); // 140 ms > 120 ms
    expect(opusPacketSamples(Buffer.from([(19 << 3) | 3, 0]))).toBeUndefined(); // no frames
    expect(opusPacketSamples(Buffer.alloc(0))).toBeUndefined();
  });

  it('counts the audio whatever the last granule position claims', () => {
    // Every page's granule unset (-1) but the last, which claims one second: still the packets' length.
    const forged = longOpusNote(sample, 200, { granule: 48_000n });
    expect(ogg(forged)).toBeUndefined(); // the granule goes back
    const { head, tags, audio } = opusPackets(sample);
    const quiet = Buffer.concat([
      oggPage({ packets: [head], granule: 0n, sequence: 0, flags: 0x02 }),
      oggPage({ packets: [tags], granule: 0n, sequence: 1 }),
      ...Array.from({ length: 40 }, (_, i) =>
        oggPage({ packets: audio.slice(0, 50), granule: -1n, sequence: i + 2 })
      ),
      oggPage({ packets: audio.slice(0, 1), granule: 48_000n, sequence: 42, flags: 0x04 }),
    ]);
    expect(ogg(quiet)).toBeCloseTo((40 * 50 * 960 + 960 - 312) / 48_000, 6);
  });

  it('refuses a bad CRC, two streams, data after EOS, a truncated page, filler and gaps', () => {
    const pages = pagesOf(sample);
    const badCrc = Buffer.from(sample);
    badCrc[pages[0].length + pages[1].length + 40] ^= 0xff;
    expect(ogg(badCrc)).toBeUndefined();

    const { head, tags, audio } = opusPackets(sample);
    const twoSerials = Buffer.concat([
      oggPage({ packets: [head], granule: 0n, sequence: 0, flags: 0x02 }),
      oggPage({ packets: [tags], granule: 0n, sequence: 1 }),
      oggPage({ packets: audio.slice(0, 10), granule: 9_600n, sequence: 2, serial: 1 }),
      oggPage({ packets: audio.slice(10, 20), granule: 19_200n, sequence: 3, flags: 0x04 }),
    ]);
    expect(ogg(twoSerials)).toBeUndefined();

    expect(ogg(Buffer.concat([sample, Buffer.from('trailing bytes')]))).toBeUndefined();
    expect(ogg(Buffer.concat([sample, pages[2]]))).toBeUndefined();
    expect(ogg(sample.subarray(0, sample.length - 1))).toBeUndefined();
    expect(ogg(sample.subarray(0, sample.length - pages.at(-1)!.length))).toBeUndefined(); // no EOS

    // The first page, filler, then a 29-byte page claiming half a second.
    const fake = oggPage({ packets: [Buffer.from([0x08])], granule: 24_000n, sequence: 1, flags: 0x04 });
    expect(fake.length).toBe(29);
    expect(ogg(Buffer.concat([pages[0], Buffer.alloc(500_000, 0x55), fake]))).toBeUndefined();

    const skipped = Buffer.concat([pages[0], pages[1], pages[3]]);
    expect(ogg(skipped)).toBeUndefined(); // page 2 missing
    // Ogg, but not Opus.
    const vorbis = Buffer.from(head);
    vorbis.write('OpusHeaX', 0, 'latin1');
    expect(
      ogg(
        Buffer.concat([
          oggPage({ packets: [vorbis], granule: 0n, sequence: 0, flags: 0x02 }),
          oggPage({ packets: [tags], granule: 0n, sequence: 1, flags: 0x04 }),
        ])
      )
    ).toBeUndefined();
  });
});

/** MPEG-1 layer III, 128 kbit/s, 44.1 kHz: 417-byte frames of 1,152 samples. */
const mp3Frame = () => {
  const frame = Buffer.alloc(417, 0x11);
  frame.set([0xff, 0xfb, 0x90, 0x64]);
  return frame;
};

describe('MP3', () => {
  const frames = (count: number) => Array.from({ length: count }, mp3Frame);
  const id3 = Buffer.concat([Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x0a', 'latin1'), Buffer.alloc(10)]);

  it('sums every frame, after an ID3v2 tag and before an ID3v1 tag', () => {
    const tagV1 = Buffer.concat([Buffer.from('TAG', 'latin1'), Buffer.alloc(125)]);
    const file = Buffer.concat([id3, ...frames(100), tagV1]);
    expect(audioSeconds(file, 'audio/mpeg')).toBeCloseTo((100 * 1_152) / 44_100, 6);
  });

  it('refuses garbage between frames, a cut frame, free format and a file of no frames', () => {
    const [first, ...rest] = frames(20);
    expect(audioSeconds(Buffer.concat([first, Buffer.from('x'), ...rest]), 'audio/mpeg')).toBeUndefined();
    expect(audioSeconds(Buffer.concat(frames(3)).subarray(0, 1_000), 'audio/mpeg')).toBeUndefined();
    const free = mp3Frame();
    free[2] = 0x04;
    expect(audioSeconds(free, 'audio/mpeg')).toBeUndefined();
    expect(audioSeconds(id3, 'audio/mpeg')).toBeUndefined();
    // A high-bitrate first frame, then a long tail of "audio": the old bitrate guess said 0.1 s.
    expect(audioSeconds(Buffer.concat([first, Buffer.alloc(1_000_000)]), 'audio/mpeg')).toBeUndefined();
  });
});

/** An ISO BMFF box. */
const box = (type: string, ...content: Buffer[]) => {
  const body = Buffer.concat(content);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
};
const u32 = (...values: number[]) => {
  const buffer = Buffer.alloc(values.length * 4);
  values.forEach((value, i) => buffer.writeUInt32BE(value, i * 4));
  return buffer;
};
/** mvhd/mdhd version 0: flags, created, modified, timescale, duration (and padding). */
const header = (type: string, timescale: number, duration: number) =>
  box(type, u32(0, 0, 0, timescale, duration), Buffer.alloc(type === 'mvhd' ? 80 : 4));

/** An M4A of `frames` AAC frames of 200 bytes at 16 kHz mono; `claims` forges its headers' durations. */
const m4a = (frames: number, claims: { movie?: number; media?: number; delta?: number } = {}) => {
  const entry = Buffer.alloc(36);
  entry.writeUInt32BE(36);
  entry.write('mp4a', 4, 'latin1');
  entry.writeUInt16BE(1, 24); // channels
  entry.writeUInt32BE(16_000 * 65_536, 32); // sample rate, 16.16
  const stbl = box(
    'stbl',
    box('stsd', u32(0, 1), entry),
    box('stts', u32(0, 1, frames, claims.delta ?? 1_024)),
    box('stsz', u32(0, 200, frames))
  );
  const trak = box(
    'trak',
    box(
      'mdia',
      header('mdhd', 16_000, claims.media ?? frames * 1_024),
      box('hdlr', u32(0, 0), Buffer.from('soun', 'latin1'), Buffer.alloc(13)),
      box('minf', stbl)
    )
  );
  return Buffer.concat([
    box('ftyp', Buffer.from('M4A \x00\x00\x00\x00', 'latin1')),
    box('moov', header('mvhd', 1_000, claims.movie ?? Math.round((frames * 1_024) / 16)), trak),
    box('mdat', Buffer.alloc(frames * 200, 0x21)),
  ]);
};

describe('MP4/M4A', () => {
  it('measures the samples of its one audio track, whatever its headers claim', () => {
    expect(audioSeconds(m4a(500), 'audio/mp4')).toBeCloseTo(32, 3);
    // Every duration field says one second: the 500 frames of 1,024 samples are still 32 s.
    expect(audioSeconds(m4a(500, { movie: 1_000, media: 16_000, delta: 32 }), 'audio/mp4')).toBeCloseTo(
      32,
      3
    );
  });

  it('refuses a file whose boxes do not tile it, a misplaced mvhd, frames beyond mdat, and no structure', () => {
    expect(audioSeconds(Buffer.concat([m4a(10), Buffer.from('tail')]), 'audio/mp4')).toBeUndefined();
    const file = m4a(10);
    // An `mvhd` found anywhere (in mdat here) is not the movie header.
    const loose = Buffer.concat([
      box('ftyp', Buffer.alloc(8)),
      box('mdat', header('mvhd', 1_000, 1_000)),
      box('moov', Buffer.alloc(0)),
    ]);
    expect(audioSeconds(loose, 'audio/mp4')).toBeUndefined();
    expect(audioSeconds(file.subarray(0, file.length - 1), 'audio/mp4')).toBeUndefined();
    expect(audioSeconds(Buffer.alloc(20_000), 'audio/mp4')).toBeUndefined();
  });
});

describe('AMR and others', () => {
  it('counts AMR frames of 20 ms, and refuses a content type it cannot measure', () => {
    // AMR-NB 12.2 kbit/s: 32-byte frames of 20 ms.
    const amr = Buffer.concat([Buffer.from('#!AMR\n', 'latin1'), Buffer.alloc(32 * 150, 0x3c)]);
    expect(audioSeconds(amr, 'audio/amr')).toBeCloseTo(3, 6);
    expect(audioSeconds(amr.subarray(0, amr.length - 1), 'audio/amr')).toBeUndefined();
    expect(audioSeconds(sample, 'audio/wav')).toBeUndefined();
  });
});
