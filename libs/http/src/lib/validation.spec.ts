import { BadRequestException, type ArgumentMetadata } from '@nestjs/common';
import { IsArray, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { createValidationPipe, hostileContent } from './validation';

class Child {
  @IsString() @Length(1, 50) name!: string;
}
class Body {
  @IsString() @Length(1, 100) municipality!: string;
  @IsOptional() @IsArray() @ValidateNested({ each: true }) @Type(() => Child) children?: Child[];
  @IsOptional() @ValidateNested() @Type(() => Child) eldest?: Child;
}

describe('the validation layer: hostile content', () => {
  const pipe = createValidationPipe();
  const body: ArgumentMetadata = { type: 'body', metatype: Body };
  const refusal = async (value: unknown, metadata: ArgumentMetadata = body) => {
    const error = await pipe.transform(value, metadata).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse() as { violations: Array<{ field: string; reason: string }> };
  };

  it('should refuse a NUL byte in any string, naming the field', async () => {
    expect((await refusal({ municipality: 'Kuo\u0000pio' })).violations).toEqual([
      { field: 'municipality', reason: expect.stringContaining('NUL') },
    ]);
    expect((await refusal({ municipality: 'Kuopio', children: [{ name: 'A' }, { name: '\u0000' }] })).violations).toEqual([
      { field: 'children.1.name', reason: expect.stringContaining('NUL') },
    ]);
    expect((await refusal({ municipality: 'x', 'a\u0000': 1 })).violations.map((v) => v.field)).toEqual(['a\u0000']);
    expect((await refusal('\u0000', { type: 'query', metatype: String, data: 'sector' })).violations).toEqual([
      { field: 'sector', reason: expect.stringContaining('NUL') },
    ]);
    expect((await refusal({ organizer: 'x\u0000' }, { type: 'query', metatype: Object })).violations.map((v) => v.field)).toEqual([
      'organizer',
    ]);
  });

  it('should refuse a lone UTF-16 surrogate in any string or key, naming the field, and keep pairs', async () => {
    expect((await refusal({ municipality: 'Kuo\udc00pio' })).violations).toEqual([
      { field: 'municipality', reason: expect.stringContaining('lone UTF-16 surrogate') },
    ]);
    expect((await refusal({ municipality: 'x', children: [{ name: 'A' }, { name: 'B\ud800' }] })).violations).toEqual([
      { field: 'children.1.name', reason: expect.stringContaining('lone UTF-16 surrogate') },
    ]);
    expect((await refusal({ municipality: 'x', 'k\udfff': 'v' })).violations).toEqual([
      { field: 'k\udfff', reason: expect.stringContaining('key must be valid Unicode') },
    ]);
    expect((await refusal('\ud83d', { type: 'query', metatype: String, data: 'sector' })).violations.map((v) => v.field)).toEqual([
      'sector',
    ]);
    // A pair is one character (an emoji), as is every ordinary name.
    expect(hostileContent({ name: 'Aada 😀', note: 'Ääkköset ÅÖ' }, '')).toEqual([]);
    expect(hostileContent({ a: '\udc00\ud800' }, '').map((v) => v.field)).toEqual(['a']);
  });

  it.each(['__proto__', 'constructor', 'prototype'])(
    'should refuse the key %s anywhere in a body before class-transformer sees it',
    async (key) => {
      const top = JSON.parse(`{"municipality":"Kuopio","${key}":{"polluted":true}}`);
      expect((await refusal(top)).violations).toEqual([{ field: key, reason: expect.stringContaining('must not be used as a key') }]);
      const nested = JSON.parse(`{"municipality":"Kuopio","children":[{"name":"A","${key}":{"isAdmin":true}}]}`);
      expect((await refusal(nested)).violations.map((v) => v.field)).toEqual([`children.0.${key}`]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('should refuse an array or an object where a string is expected, naming the field', async () => {
    expect((await refusal({ municipality: ['Kuopio'] })).violations.map((v) => v.field)).toContain('municipality');
    expect((await refusal({ municipality: { a: 'Kuopio' } })).violations.map((v) => v.field)).toContain('municipality');
    expect((await refusal({ municipality: 'Kuopio', children: [{ name: [['A']] }] })).violations.map((v) => v.field)).toContain(
      'children.0.name',
    );
    expect((await refusal(['a', 'b'], { type: 'query', metatype: String, data: 'sector' })).violations).toEqual([
      { field: 'sector', reason: 'must be a string' },
    ]);
  });

  it('should refuse arrays nested where objects are declared (class-validator walks into them)', async () => {
    expect((await refusal({ municipality: 'Kuopio', children: [{ name: 'A' }, [{ name: 'B' }]] })).violations).toEqual([
      { field: 'children.1', reason: 'must be an object, not an array' },
    ]);
    expect((await refusal({ municipality: 'Kuopio', eldest: [{ name: 'A' }] })).violations).toEqual([
      { field: 'eldest', reason: 'must be an object, not an array' },
    ]);
    expect((await refusal({ municipality: 'Kuopio', children: [['A']] })).violations.map((v) => v.field)).toEqual([
      expect.stringMatching(/^children\.0/),
    ]);
  });

  it('should pass ordinary input through, and report at most twenty findings', async () => {
    await expect(
      pipe.transform({ municipality: 'Kuopio', children: [{ name: 'Aada' }], eldest: { name: 'Aada' } }, body),
    ).resolves.toBeInstanceOf(Body);
    await expect(pipe.transform('Kangasala', { type: 'query', metatype: String, data: 'sector' })).resolves.toBe('Kangasala');
    expect(
      hostileContent(
        Array.from({ length: 100 }, () => '\u0000'),
        '',
      ),
    ).toHaveLength(20);
  });
});
