/**
 * An in-process serialport binding whose far end is a simulated device (a byte sink and a byte source), so the
 * real SerialPortStream and everything above it run unchanged. Plug state is controlled by the simulator:
 * unplugging fails pending reads with a non-canceled error (serialport reports a disconnect), and `open` fails
 * like a missing device node until the device is plugged back in.
 */
import type {
  BindingInterface,
  BindingPortInterface,
  OpenOptions,
  PortInfo,
  PortStatus,
  SetOptions,
  UpdateOptions,
} from '@serialport/bindings-interface' with { 'resolution-mode': 'require' };

/** What the binding needs from the simulated device. */
export interface SimulatedWire {
  /** Bytes the host wrote. */
  hostWrote(bytes: Uint8Array): void;
  /** DTR/RTS changes (a real Uno resets on DTR falling). */
  control?(options: SetOptions): void;
  /** Called on open, after the port object exists; the device then pushes bytes with port.deviceSent(). */
  attach(port: SimulatedPort): void;
  detach(port: SimulatedPort): void;
}

class BindingError extends Error {
  constructor(
    message: string,
    readonly canceled = false,
  ) {
    super(message);
  }
}

export class SimulatedPort implements BindingPortInterface {
  isOpen = true;
  private lostReason: string | undefined;
  private buffered: Buffer[] = [];
  private waiting: { resolve: () => void; reject: (e: Error) => void } | undefined;

  constructor(
    readonly openOptions: Required<OpenOptions>,
    private readonly wire: SimulatedWire,
    private readonly onClosed: (port: SimulatedPort) => void,
  ) {}

  /** The device sent bytes toward the host. */
  deviceSent(bytes: Uint8Array): void {
    if (!this.isOpen) return;
    this.buffered.push(Buffer.from(bytes));
    const w = this.waiting;
    this.waiting = undefined;
    w?.resolve();
  }

  /** The device vanished: the pending read fails with a disconnect, the port is dead. */
  lose(reason: string): void {
    // Stays "open" until serialport closes it: serialport ignores a disconnect from a port it thinks is closed.
    if (!this.isOpen || this.lostReason) return;
    this.lostReason = reason;
    this.onClosed(this);
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(new BindingError(reason));
  }

  async read(buffer: Buffer, offset: number, length: number): Promise<{ buffer: Buffer; bytesRead: number }> {
    while (this.buffered.length === 0) {
      if (this.lostReason) throw new BindingError(this.lostReason);
      if (!this.isOpen) throw new BindingError('Read canceled', true);
      await new Promise<void>((resolve, reject) => (this.waiting = { resolve, reject }));
    }
    let bytesRead = 0;
    while (bytesRead < length && this.buffered.length > 0) {
      const head = this.buffered[0] as Buffer;
      const n = Math.min(head.length, length - bytesRead);
      head.copy(buffer, offset + bytesRead, 0, n);
      bytesRead += n;
      if (n === head.length) this.buffered.shift();
      else this.buffered[0] = head.subarray(n);
    }
    return { buffer, bytesRead };
  }

  async write(buffer: Buffer): Promise<void> {
    if (this.lostReason) throw new BindingError(this.lostReason);
    if (!this.isOpen) throw new BindingError('Write canceled: port is not open', true);
    this.wire.hostWrote(Uint8Array.from(buffer));
  }

  async close(): Promise<void> {
    if (!this.isOpen) return;
    this.isOpen = false;
    if (!this.lostReason) this.onClosed(this);
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(new BindingError('Read canceled', true));
  }

  async update(_options: UpdateOptions): Promise<void> {}
  async set(options: SetOptions): Promise<void> {
    this.wire.control?.(options);
  }
  async get(): Promise<PortStatus> {
    return { cts: true, dsr: true, dcd: true };
  }
  async getBaudRate(): Promise<{ baudRate: number }> {
    return { baudRate: this.openOptions.baudRate };
  }
  async flush(): Promise<void> {
    this.buffered = [];
  }
  async drain(): Promise<void> {}
}

/** A binding exposing one simulated device at `path`. */
export class SimulatedBinding implements BindingInterface<SimulatedPort> {
  private plugged = true;
  private port: SimulatedPort | undefined;

  constructor(
    readonly path: string,
    private readonly wire: SimulatedWire,
  ) {}

  async list(): Promise<PortInfo[]> {
    if (!this.plugged) return [];
    return [
      {
        path: this.path,
        manufacturer: 'Frontdesk simulated Uno',
        serialNumber: undefined,
        pnpId: undefined,
        locationId: undefined,
        productId: '0043',
        vendorId: '2341',
      },
    ];
  }

  async open(options: OpenOptions): Promise<SimulatedPort> {
    if (options.path !== this.path || !this.plugged) {
      throw new BindingError(`Error: No such file or directory, cannot open ${options.path}`);
    }
    if (this.port) throw new BindingError(`Error Resource temporarily unavailable Cannot lock port ${options.path}`);
    const opts: Required<OpenOptions> = {
      dataBits: 8,
      lock: true,
      stopBits: 1,
      parity: 'none',
      rtscts: false,
      xon: false,
      xoff: false,
      xany: false,
      hupcl: true,
      ...options,
    };
    const port = new SimulatedPort(opts, this.wire, (p) => {
      if (this.port === p) this.port = undefined;
      this.wire.detach(p);
    });
    this.port = port;
    this.wire.attach(port);
    return port;
  }

  get isPlugged(): boolean {
    return this.plugged;
  }

  unplug(): void {
    this.plugged = false;
    this.port?.lose('Disconnected: the device was unplugged');
  }

  replug(): void {
    this.plugged = true;
  }
}
