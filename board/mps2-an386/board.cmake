# QEMU mps2-an386: Cortex-M4F, CMSDK UART0 console, LAN9118 Ethernet (lan9118/).
set(board_sources "${board_dir}/uart.c")
set(board_ldscript "${board_dir}/mps2-an386.ld")
set(board_qemu_machine "mps2-an386")
set(board_has_network ON)
