/* site/hello.html as plain bytes: what /rom/hello.html must read back as. */
    .section .rodata.expected_hello, "a"
    .global expected_hello_start
    .global expected_hello_end
expected_hello_start:
    .incbin HELLO_HTML
expected_hello_end:
    .section .note.GNU-stack, "", %progbits
