/** Boards the flash tool knows: avrdude part, programmer and bootloader speed, and the room for a sketch. */
export interface BoardProfile {
  id: string;
  label: string;
  /** avrdude -p */
  part: string;
  /** avrdude -c */
  programmer: string;
  /** avrdude -b: the bootloader's baud rate. */
  baud: number;
  /** Flash available to a sketch, bytes (total minus the bootloader). */
  sketchBytes: number;
  /** Device signature avrdude reads, as it prints it. */
  signature: string;
}

export const BOARDS: Record<string, BoardProfile> = {
  uno: {
    id: 'uno',
    label: 'Arduino Uno (ATmega328P, Optiboot)',
    part: 'atmega328p',
    programmer: 'arduino',
    baud: 115_200,
    sketchBytes: 32_256,
    signature: '1e950f',
  },
  nano: {
    id: 'nano',
    label: 'Arduino Nano (ATmega328P, Optiboot)',
    part: 'atmega328p',
    programmer: 'arduino',
    baud: 115_200,
    sketchBytes: 32_256,
    signature: '1e950f',
  },
  'nano-old': {
    id: 'nano-old',
    label: 'Arduino Nano (ATmega328P, old bootloader)',
    part: 'atmega328p',
    programmer: 'arduino',
    baud: 57_600,
    sketchBytes: 30_720,
    signature: '1e950f',
  },
};
