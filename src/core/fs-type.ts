import { FieldError, invalid, required } from './errors';
import { FieldPath } from './field-path';

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

/** fsType: present when given, and a filesystem name (ext4, xfs, btrfs, fuse.ceph, …). */
export function fsTypeRules(at: FieldPath, name: string | undefined): FieldError[] {
  if (name === undefined) return [];
  if (name === '') return [required(at, 'name a filesystem, or leave fsType unset for the plugin\'s default')];
  if (!FS_NAME.test(name)) return [invalid(at, name, 'must be a filesystem name such as "ext4" or "xfs" (letters, digits, \'-\', \'_\' and \'.\')')];
  return [];
}
