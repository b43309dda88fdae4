import { Finding, invalid, warning } from './errors';
import { FieldPath } from './field-path';
import { given, instanceShape, isString } from './shapes';

/**
 * The filesystem a volume is formatted with. An open set: `FsType.of('btrfs')` for any other
 * filesystem the node can mount.
 */
export class FsType {
  /** ext4, the filesystem most plugins assume when none is given. */
  public static readonly EXT4 = new FsType('ext4');
  /** ext3. */
  public static readonly EXT3 = new FsType('ext3');
  /** XFS. */
  public static readonly XFS = new FsType('xfs');
  /** NTFS (Windows nodes). */
  public static readonly NTFS = new FsType('ntfs');

  /** Any filesystem the node can mount; it is only checked to be non-empty. */
  public static of(name: string): FsType {
    return new FsType(name);
  }

  private constructor(
    /** The name as written in the manifest. */
    public readonly name: string) {}

  /** The name as written in the manifest. */
  public toString(): string {
    return this.name;
  }
}

const FS_NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]*$/;

/**
 * The filesystem name an `fsType` prop gives: an FsType's name; a plain string as it is (what a
 * JavaScript caller may pass); anything else as it is, for `fsTypeRules` to report.
 */
export function fsTypeOf(v: unknown): string | undefined {
  if (v instanceof FsType) return v.name;
  return given(v) ? v as string : undefined;
}

/** fsType: present when given, and a filesystem name (ext4, xfs, btrfs, fuse.ceph, …). */
export function fsTypeRules(at: FieldPath, name: unknown): Finding[] {
  if (!given(name)) return [];
  if (!isString(name)) return instanceShape(at, name, () => false, 'an FsType, such as FsType.EXT4 or FsType.of("btrfs")');
  // kube-apiserver, the kubelet and the drivers take "" as unset: a warning, since it is most likely a value that went missing
  if (name === '') return [warning(at, '"" is the same as unset: the plugin\'s default filesystem (ext4 for most) is used; name a filesystem, or leave fsType unset')];
  if (!FS_NAME.test(name)) return [invalid(at, name, 'must be a filesystem name such as "ext4" or "xfs" (letters, digits, \'-\', \'_\' and \'.\')')];
  return [];
}
