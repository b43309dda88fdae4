import { Size } from 'cdk8s';
import { exactQuantity, sizeInBytes } from '../../src/core/rules/quantities';

describe('exactQuantity', () => {
  test.each([
    ['Size.mebibytes(512)', Size.mebibytes(512), '512Mi'],
    ['Size.gibibytes(10)', Size.gibibytes(10), '10Gi'],
    ['Size.mebibytes(1536)', Size.mebibytes(1536), '1536Mi'],
    ['Size.gibibytes(1.5)', Size.gibibytes(1.5), '1536Mi'],
    ['Size.tebibytes(1)', Size.tebibytes(1), '1Ti'],
    ['Size.gibibytes(1024)', Size.gibibytes(1024), '1Ti'],
    ['Size.gibibytes(1025)', Size.gibibytes(1025), '1025Gi'],
    ['Size.tebibytes(2048)', Size.tebibytes(2048), '2Pi'],
    ['Size.kibibytes(1)', Size.kibibytes(1), '1Ki'],
    ['Size.kibibytes(1023)', Size.kibibytes(1023), '1023Ki'],
    ['Size.kibibytes(1024)', Size.kibibytes(1024), '1Mi'],
    ['Size.mebibytes(1.5)', Size.mebibytes(1.5), '1536Ki'],
  ])('%s → %s', (_label, size, expected) => {
    expect(exactQuantity(size)).toEqual(expected);
  });

  test('a fraction of a kibibyte is written in bytes, never rounded', () => {
    expect(exactQuantity(Size.kibibytes(0.5))).toEqual('512');
    expect(exactQuantity(Size.kibibytes(1.5))).toEqual('1536');
  });

  test('a size that is no whole number of bytes keeps its fraction', () => {
    expect(exactQuantity(Size.kibibytes(0.3))).toEqual('307.2');
  });

  test('zero is written as 0', () => {
    expect(exactQuantity(Size.gibibytes(0))).toEqual('0');
  });
});

describe('sizeInBytes', () => {
  test.each([
    ['Size.kibibytes(1)', Size.kibibytes(1), 1024],
    ['Size.mebibytes(512)', Size.mebibytes(512), 512 * 1024 * 1024],
    ['Size.gibibytes(10)', Size.gibibytes(10), 10 * 1024 ** 3],
    ['Size.kibibytes(0.5)', Size.kibibytes(0.5), 512],
  ])('%s is %i bytes', (_label, size, bytes) => {
    expect(sizeInBytes(size)).toEqual(bytes);
  });
});
