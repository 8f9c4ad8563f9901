"""python3 -m onyx.validate MODEL.onnx [--providers P1,P2] [--optimize LEVEL]
[--input-shape NAME:D0,...]... [--dim NAME=SIZE]... [--seed N]"""

import sys

from onyx.validate import main

if __name__ == "__main__":
    sys.exit(main())
