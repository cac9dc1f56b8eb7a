/* LAN9118 data FIFOs in bursts of 8 words. The chip decodes its RX data FIFO port over offsets
 * 0x00..0x1c and the TX data port over 0x20..0x3c (aliases of one port, so that a bus master can
 * burst), so one LDM or STM of 8 registers moves 32 bytes; word-at-a-time C took ~6 instructions
 * a word (bench/mcu.sh's profile: 8% of the web server's guest instructions). The memory side
 * may be unaligned (frame payloads start at any byte), so it is moved with single LDR/STR there
 * (unaligned access is allowed on the M4), with LDM/STM when it is word-aligned. Not inside an
 * IT block, so an interrupted LDM/STM continues (ICI) instead of restarting a FIFO access.
 *
 * void lan9118_fifo_write_bursts(volatile uint32_t* tx_port, const void* src, size_t bursts)
 * void lan9118_fifo_read_bursts(volatile const uint32_t* rx_port, void* dst, size_t bursts)
 * bursts > 0; each moves 32 bytes; the caller keeps the FIFO word accounting. */
    .syntax unified
    .thumb
    .text

    .global lan9118_fifo_write_bursts
    .type lan9118_fifo_write_bursts, %function
    .thumb_func
lan9118_fifo_write_bursts:
    push    {r4-r10}
    tst     r1, #3
    bne     2f
1:  ldmia   r1!, {r3-r10}          /* aligned source */
    stmia   r0, {r3-r10}
    subs    r2, r2, #1
    bne     1b
    pop     {r4-r10}
    bx      lr
2:  ldr     r3, [r1], #4           /* unaligned source */
    ldr     r4, [r1], #4
    ldr     r5, [r1], #4
    ldr     r6, [r1], #4
    ldr     r7, [r1], #4
    ldr     r8, [r1], #4
    ldr     r9, [r1], #4
    ldr     r10, [r1], #4
    stmia   r0, {r3-r10}
    subs    r2, r2, #1
    bne     2b
    pop     {r4-r10}
    bx      lr
    .size lan9118_fifo_write_bursts, . - lan9118_fifo_write_bursts

    .global lan9118_fifo_read_bursts
    .type lan9118_fifo_read_bursts, %function
    .thumb_func
lan9118_fifo_read_bursts:
    push    {r4-r10}
    tst     r1, #3
    bne     2f
1:  ldmia   r0, {r3-r10}           /* aligned destination */
    stmia   r1!, {r3-r10}
    subs    r2, r2, #1
    bne     1b
    pop     {r4-r10}
    bx      lr
2:  ldmia   r0, {r3-r10}           /* unaligned destination */
    str     r3, [r1], #4
    str     r4, [r1], #4
    str     r5, [r1], #4
    str     r6, [r1], #4
    str     r7, [r1], #4
    str     r8, [r1], #4
    str     r9, [r1], #4
    str     r10, [r1], #4
    subs    r2, r2, #1
    bne     2b
    pop     {r4-r10}
    bx      lr
    .size lan9118_fifo_read_bursts, . - lan9118_fifo_read_bursts
