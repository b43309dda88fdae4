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

  public toString(): string {
    return this.name;
  }
}
