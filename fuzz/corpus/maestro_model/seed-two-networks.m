Network tiny {
  Layer CONV1 {
    Type: CONV;
    Stride { X: 2, Y: 2 }
    Dimensions { K: 64, C: 3, R: 7, S: 7, Y: 224, X: 224 }
  }
  Layer DW { Type: DSCONV Dimensions { K: 1, C: 64, R: 3, S: 3, Y: 111, X: 111 } } // same line
  Layer FC-1 {
    Type: FC
    Dimensions { N: 1, K: 10, C: 64, R: 1, S: 1, Y: 1, X: 1 }
  }
}
Network other.net {
  Layer G { Type: CONV Dimensions { K: 32, C: 16, R: 1, S: 1, Y: 8, X: 8, G: 2 } }
}
