/**
 * An Optiboot-like STK500v1 bootloader for the simulated Uno, enough for `avrdude -c arduino` to sync, read the
 * signature, write and read back flash pages, and leave programming mode (then the board boots the new image).
 *
 * Clock-free: feed host bytes with `push`, answers come out through `reply`. Every STK500v1 command ends with
 * CRC_EOP (0x20); a command that does not is answered with STK_NOSYNC, as Optiboot would.
 */
const STK = {
  OK: 0x10,
  INSYNC: 0x14,
  NOSYNC: 0x15,
  CRC_EOP: 0x20,
  GET_SYNC: 0x30,
  GET_PARAMETER: 0x41,
  SET_DEVICE: 0x42,
  SET_DEVICE_EXT: 0x45,
  ENTER_PROGMODE: 0x50,
  LEAVE_PROGMODE: 0x51,
  CHIP_ERASE: 0x52,
  LOAD_ADDRESS: 0x55,
  UNIVERSAL: 0x56,
  PROG_PAGE: 0x64,
  READ_PAGE: 0x74,
  READ_SIGN: 0x75,
} as const;

/** Bytes that follow each command byte before CRC_EOP (PROG_PAGE's length is in its first two). */
function argLength(command: number, args: number[]): number {
  switch (command) {
    case STK.GET_PARAMETER:
      return 1;
    case STK.SET_DEVICE:
      return 20;
    case STK.SET_DEVICE_EXT:
      return 5;
    case STK.LOAD_ADDRESS:
      return 2;
    case STK.UNIVERSAL:
      return 4;
    case STK.READ_PAGE:
      return 3;
    case STK.PROG_PAGE:
      return args.length < 2 ? 3 : 3 + (((args[0] ?? 0) << 8) | (args[1] ?? 0));
    default:
      return 0;
  }
}

export const ATMEGA328P_SIGNATURE = [0x1e, 0x95, 0x0f] as const;

export class Stk500Bootloader {
  private command: number | undefined;
  private args: number[] = [];
  private address = 0;
  /** Set when avrdude left programming mode: the new image is ready to boot. */
  done = false;
  pagesWritten = 0;
  private readonly signature: readonly number[];

  constructor(
    /** The flash, written in place. */
    readonly flash: Uint8Array,
    private readonly reply: (bytes: number[]) => void,
    signature: readonly number[] | undefined = ATMEGA328P_SIGNATURE,
  ) {
    this.signature = signature ?? ATMEGA328P_SIGNATURE;
  }

  push(bytes: Uint8Array): void {
    for (const b of bytes) this.byte(b);
  }

  private byte(b: number): void {
    if (this.command === undefined) {
      this.command = b;
      this.args = [];
      return;
    }
    if (this.args.length < argLength(this.command, this.args)) {
      this.args.push(b);
      return;
    }
    const command = this.command;
    this.command = undefined;
    if (b !== STK.CRC_EOP) {
      this.reply([STK.NOSYNC]);
      return;
    }
    this.execute(command, this.args);
  }

  private execute(command: number, a: number[]): void {
    const ok = (...data: number[]): void => this.reply([STK.INSYNC, ...data, STK.OK]);
    switch (command) {
      case STK.GET_PARAMETER:
        // Optiboot: major 4 / minor 4 for the software version, 3 for anything else.
        return ok(a[0] === 0x81 || a[0] === 0x82 ? 4 : 3);
      case STK.LOAD_ADDRESS:
        this.address = ((a[0] ?? 0) | ((a[1] ?? 0) << 8)) * 2; // word address
        return ok();
      case STK.UNIVERSAL:
        return ok(0);
      case STK.PROG_PAGE: {
        const length = ((a[0] ?? 0) << 8) | (a[1] ?? 0);
        if (a[2] === 0x46 /* 'F' */ && this.address + length <= this.flash.length) {
          this.flash.set(a.slice(3, 3 + length), this.address);
          this.pagesWritten += 1;
        }
        return ok();
      }
      case STK.READ_PAGE: {
        const length = ((a[0] ?? 0) << 8) | (a[1] ?? 0);
        const data = a[2] === 0x46 ? [...this.flash.subarray(this.address, this.address + length)] : new Array<number>(length).fill(0xff);
        return ok(...data);
      }
      case STK.READ_SIGN:
        return ok(...this.signature);
      case STK.CHIP_ERASE:
        this.flash.fill(0xff);
        return ok();
      case STK.LEAVE_PROGMODE:
        this.done = true;
        return ok();
      default:
        return ok(); // GET_SYNC, SET_DEVICE(_EXT), ENTER_PROGMODE and the rest
    }
  }
}
