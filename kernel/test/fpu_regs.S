/* fpu_fill_and_check(seed, spins): writes seed+i into s0..s31, spins (so the scheduler
 * switches to other FPU users meanwhile), then returns the number of registers that changed. */
    .syntax unified
    .thumb
    .section .text.fpu_fill_and_check, "ax", %progbits
    .global fpu_fill_and_check
    .type fpu_fill_and_check, %function
fpu_fill_and_check:
    push {r4, r5}
    vpush {s16-s31}
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    add r2, r0, #\n
    vmov s\n, r2
    .endr
1:  subs r1, r1, #1
    bne 1b
    movs r4, #0
    .irp n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    add r2, r0, #\n
    vmov r5, s\n
    cmp r2, r5
    it ne
    addne r4, r4, #1
    .endr
    mov r0, r4
    vpop {s16-s31}
    pop {r4, r5}
    bx lr
    .size fpu_fill_and_check, . - fpu_fill_and_check
