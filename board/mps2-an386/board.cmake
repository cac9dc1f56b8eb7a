# QEMU mps2-an386: Cortex-M4F, CMSDK UART0 console, LAN9118 Ethernet (lan9118/).
set(board_sources "${board_dir}/uart.c" "${board_dir}/prof.c")
set(board_ldscript "${board_dir}/mps2-an386.ld")
set(board_qemu_machine "mps2-an386")
set(board_has_network ON)
# Core clock (CMSDK timers run from it); SysTick on the 1 MHz reference clock (CLKSOURCE=0): 1 us
# per count, and its 24 bits reach 16.7 s, so an idle system sleeps to any deadline within that
# in one interrupt.
set(board_cpu_hz 25000000)
set(board_systick_hz 1000000)
set(board_systick_cpu_clock 0)
