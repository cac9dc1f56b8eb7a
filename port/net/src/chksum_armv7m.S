/* The Internet checksum for lwIP on ARMv7-M (LWIP_CHKSUM in lwipopts.h): the same result as
 * lwIP's generic lwip_standard_chksum (the non-inverted 16-bit ones'-complement sum of the bytes
 * read as little-endian halfwords, byte-swapped when the buffer starts at an odd address), at a
 * fraction of its instructions: the bulk is summed 32 bytes per LDM with the carry folded back in
 * by ADCS (RFC 1071: a 32-bit ones'-complement sum folds to the 16-bit one). The generic version
 * took 14% of the web server's guest instructions per request (bench/mcu.sh's profile).
 * Assembly because C cannot reach the carry flag. Unaligned halfword/word LDRs are fine on the
 * M4 (CCR.UNALIGN_TRP is clear); LDM needs word alignment, which the head below establishes.
 *
 * uint16_t mcustd_lwip_chksum(const void* data, int len) */
    .syntax unified
    .thumb
    .text
    .global mcustd_lwip_chksum
    .type mcustd_lwip_chksum, %function
    .thumb_func
mcustd_lwip_chksum:
    push    {r4-r10, lr}
    movs    r2, #0              /* r2: 32-bit ones'-complement accumulator */
    movs    r12, #0             /* r12: the odd leading byte, in the high half of a halfword */
    ands    lr, r0, #1          /* lr: 1 if the buffer starts at an odd address */
    beq     1f
    cmp     r1, #0
    ble     1f
    ldrb    r12, [r0], #1
    lsl     r12, r12, #8
    subs    r1, r1, #1
1:  /* halfword to a word boundary */
    tst     r0, #2
    beq     2f
    cmp     r1, #2
    blt     2f
    ldrh    r3, [r0], #2
    adds    r2, r2, r3
    subs    r1, r1, #2
2:  /* 32 bytes per round */
    subs    r1, r1, #32
    blt     4f
3:  ldmia   r0!, {r3-r10}
    adds    r2, r2, r3
    adcs    r2, r2, r4
    adcs    r2, r2, r5
    adcs    r2, r2, r6
    adcs    r2, r2, r7
    adcs    r2, r2, r8
    adcs    r2, r2, r9
    adcs    r2, r2, r10
    adc     r2, r2, #0
    subs    r1, r1, #32
    bge     3b
4:  adds    r1, r1, #32
    /* words */
5:  subs    r1, r1, #4
    blt     6f
    ldr     r3, [r0], #4
    adds    r2, r2, r3
    adc     r2, r2, #0
    b       5b
6:  adds    r1, r1, #4
    /* a trailing halfword, then a trailing byte (the low half of a halfword) */
    cmp     r1, #2
    blt     7f
    ldrh    r3, [r0], #2
    adds    r2, r2, r3
    adc     r2, r2, #0
    subs    r1, r1, #2
7:  cmp     r1, #1
    bne     8f
    ldrb    r3, [r0]
    adds    r2, r2, r3
    adc     r2, r2, #0
8:  adds    r2, r2, r12
    adc     r2, r2, #0
    /* fold 32 -> 16 bits (twice: the first fold can carry once more) */
    uxth    r3, r2
    add     r2, r3, r2, lsr #16
    uxth    r3, r2
    add     r2, r3, r2, lsr #16
    cmp     lr, #0
    it      ne
    rev16ne r2, r2
    uxth    r0, r2
    pop     {r4-r10, pc}
    .size mcustd_lwip_chksum, . - mcustd_lwip_chksum
