// The MCU probe image for the libstdc++ suite: built like any QEMU test image, through a
// launcher that records its compile and link command lines (record_command.py). The suite's
// runner reuses those lines for every test, swapping only this object for the test's.
int main() {
    return 0;
}
